import org.nd4j.linalg.ops.transforms.Transforms;

/** Adam (Kingma & Ba 2015), written by hand: β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
class MyAdam extends Optimizer {
    final double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

    MyAdam(double lr) { super(lr); }

    @Override
    protected void update(Parameter p, INDArray value, INDArray grad) {
        INDArray[] s = state(p, 2);          // m and v: shaped like p, zero at first, kept across steps
        INDArray m = s[0], v = s[1];
        long t = steps();                    // this step's number: 1, 2, 3, ...
        m.muli(beta1).addi(grad.mul(1 - beta1));                               // m ← β₁ m + (1 − β₁) g
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));                    // v ← β₂ v + (1 − β₂) g²
        INDArray mHat = m.div(1 - Math.pow(beta1, t));                         // the bias corrections
        INDArray vHat = v.div(1 - Math.pow(beta2, t));
        value.subi(mHat.divi(Transforms.sqrt(vHat).addi(eps)).muli(lr()));    // θ ← θ − η m̂ / (√v̂ + ε), in place
    }
}
