"""Learning from annotated articles: folds, training data, the relation model, cross-validation."""
