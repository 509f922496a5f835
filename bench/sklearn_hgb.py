#!/usr/bin/python3
"""scikit-learn's HistGradientBoosting with its default hyperparameters, on folds given by Cerulean.

The baseline of `bench/run lightgbm-defaults` (dev.cerulean.bench.ml.LightGbmDefaultsBenchmark), which
writes the inputs and scores the predictions with Cerulean's own metrics, so both sides are measured by
the same code on the same folds.

usage: /usr/bin/python3 bench/sklearn_hgb.py DIR
  DIR/data.csv     the feature columns and `__target__` (class index 0..k-1, or the value for regression);
                   an empty field is missing
  DIR/folds.csv    `fold,row`: one line per test row of each fold (the other rows train it)
  DIR/task.txt     `binary`, `multiclass` or `regression`, then the number of classes (0 for regression)
writes DIR/predictions.csv: `fold,row,p_0..p_{k-1}` (class probabilities) or `fold,row,value`.

Every hyperparameter is scikit-learn's default except two things a default user must decide:
- string columns are ordinal-coded and declared categorical (`categorical_features`, what scikit-learn
  1.4+ does by default for pandas categories), up to 255 levels; a column with more levels (scikit-learn
  refuses those as categorical) is passed as its numeric codes;
- `random_state` is the seed Cerulean uses, so the run is reproducible (it only matters above 10,000
  rows, where `early_stopping='auto'` draws a validation split).
"""
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

TARGET = "__target__"
MAX_CATEGORICAL_LEVELS = 255


def features(data):
    """The feature frame, string columns coded, and the categorical mask (or None)."""
    x = data.drop(columns=[TARGET]).copy()
    mask = []
    for name in x.columns:
        col = x[name]
        if col.dtype == object or str(col.dtype) == "bool":
            codes, levels = pd.factorize(col.astype("string"), sort=True)
            x[name] = np.where(codes < 0, np.nan, codes).astype(float)
            mask.append(len(levels) <= MAX_CATEGORICAL_LEVELS)
        else:
            x[name] = col.astype(float)
            mask.append(False)
    return x.to_numpy(dtype=float), (np.array(mask) if any(mask) else None)


def main(folder, seed):
    data = pd.read_csv(os.path.join(folder, "data.csv"), keep_default_na=True, na_values=[""])
    folds = pd.read_csv(os.path.join(folder, "folds.csv"))
    with open(os.path.join(folder, "task.txt")) as f:
        task, classes = f.read().split()
        classes = int(classes)
    x, categorical = features(data)
    y = data[TARGET].to_numpy()
    n = len(y)
    rows_out = []
    for fold, test_rows in folds.groupby("fold")["row"]:
        test = np.sort(test_rows.to_numpy())
        is_test = np.zeros(n, dtype=bool)
        is_test[test] = True
        train = np.flatnonzero(~is_test)
        if task == "regression":
            model = HistGradientBoostingRegressor(categorical_features=categorical, random_state=seed)
            model.fit(x[train], y[train].astype(float))
            pred = model.predict(x[test]).reshape(-1, 1)
        else:
            model = HistGradientBoostingClassifier(categorical_features=categorical, random_state=seed)
            model.fit(x[train], y[train].astype(int))
            proba = model.predict_proba(x[test])
            pred = np.zeros((len(test), classes))
            # A fold may miss a class: put each column under its class index.
            pred[:, model.classes_.astype(int)] = proba
        for r, p in zip(test, pred):
            rows_out.append((fold, r, p))
    width = 1 if task == "regression" else classes
    header = ["fold", "row"] + (["value"] if task == "regression" else ["p_%d" % c for c in range(width)])
    with open(os.path.join(folder, "predictions.csv"), "w") as out:
        out.write(",".join(header) + "\n")
        for fold, r, p in rows_out:
            out.write("%d,%d,%s\n" % (fold, r, ",".join(repr(float(v)) for v in p)))
    print("scikit-learn", sklearn.__version__, "HistGradientBoosting:", len(folds["fold"].unique()), "folds on", n,
          "rows", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: /usr/bin/python3 bench/sklearn_hgb.py DIR [SEED]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 0)
