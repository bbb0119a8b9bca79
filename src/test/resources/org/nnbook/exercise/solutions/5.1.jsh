// Output height (or width) for an input of size `in`, a k x k kernel moved by `stride`,
// and `pad` rows of zeros added on each side.
long outputSize(long in, int k, int stride, int pad) {
    // the positions of the kernel's top row in the padded input: 0, stride, 2·stride, ... up to in + 2·pad − k
    return (in + 2L * pad - k) / stride + 1;
}
