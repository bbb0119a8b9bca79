/** The big net of section 3 and the trainer you would train it with, regularised as you choose. */
Trainer myTraining() {
    Sequential net = bigNet(false, false);
    Trainer trainer = new Trainer(net, new CrossEntropy(), new Adam(1e-3));
    return trainer.augment(Augment.compose(Augment.rotate(10), Augment.shift(2)));   // new variants every epoch: more to learn from
}
