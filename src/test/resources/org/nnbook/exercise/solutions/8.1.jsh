// A pretrained LeNet -> a network for `classes` classes: a new, trainable head on the frozen pretrained body
Sequential newHead(Sequential pretrained, int classes) {
    int head = pretrained.size() - 1;                        // LeNet.HEAD
    return pretrained.withLayer(head, new Dense(84, classes))  // the same body objects, a fresh head
                     .freeze(0, head);                        // every layer before the head; `to` is exclusive
}
