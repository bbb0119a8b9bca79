Split cancerParts = Splits.stratified(cancer, 0.8, 0);   // given: 455 training and 114 test tumours, stratified

// a scaler fitted the honest way, and a network from 30 features to 2 classes
Scaler cancerScaler() {
    return Standardizer.fit(cancerParts.train());        // μ and σ of the training split only
}

Layer cancerNet() {
    return Sequential.of(new Dense(30, 16), new ReLU(), new Dense(16, 2));
}
