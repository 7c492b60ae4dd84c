"""The quality benchmark's tables and scikit-learn's side (see BENCHMARKS.md, bench/quality-benchmark.sh).

  python3 tables.py split OUT_DIR [SEED]  writes each table's seeded 80/20 split and tables.json
  python3 tables.py sklearn OUT_DIR picks scikit-learn's best of logistic (or linear) regression,
                                    random forest and histogram gradient boosting by 5-fold
                                    cross-validation on the 80 %, scores it on the 20 %,
                                    writes sklearn.json
  python3 tables.py summary DIR ...  each table's ratio (orchestrator.json against sklearn.json)
                                    over several seeds' directories, and their mean

Every table comes from a Debian package: python3-statsmodels' bundled CSV files, or R's datasets
package (r-base-core) exported with Rscript. Run with Debian's /usr/bin/python3.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd

SEED = 42
STATSMODELS = "/usr/lib/python3/dist-packages/statsmodels/datasets"


def statsmodels_csv(path, sep=","):
    frame = pd.read_csv(os.path.join(STATSMODELS, path), sep=sep)
    frame.columns = [c.strip("'\"") for c in frame.columns]
    return frame


def r_dataset(name):
    csv = subprocess.run(["Rscript", "-e", f"write.csv({name}, stdout(), row.names = FALSE, na = '')"],
                         check=True, capture_output=True, text=True).stdout
    from io import StringIO
    frame = pd.read_csv(StringIO(csv))
    frame.columns = [c.replace(".", "_") for c in frame.columns]
    return frame


def modechoice():
    # One row per traveller: the chosen mode (air, train, bus, car) from the household's income and
    # party size and each mode's terminal time, in-vehicle cost and time, and generalized cost.
    long = statsmodels_csv("modechoice/modechoice.csv", sep=";")
    modes = {1: "air", 2: "train", 3: "bus", 4: "car"}
    rows = []
    for individual, g in long.groupby("individual"):
        row = {"hinc": g["hinc"].iloc[0], "psize": g["psize"].iloc[0]}
        for _, r in g.iterrows():
            m = modes[int(r["mode"])]
            for c in ("ttme", "invc", "invt", "gc"):
                row[f"{c}_{m}"] = r[c]
            if r["choice"] == 1:
                row["mode"] = m
        rows.append(row)
    return pd.DataFrame(rows)


def infert():
    frame = r_dataset("infert")
    # stratum and pooled_stratum number the matched sets of the case-control design: identifiers, not features.
    return frame.drop(columns=["stratum", "pooled_stratum"])


# name, loader, target, task, metric (the charter's first criterion and scikit-learn's CV scoring)
TABLES = [
    ("fair_marriage", lambda: statsmodels_csv("fair/fair.csv"), "rate_marriage", "classification", "macro_f1"),
    ("anes96_vote", lambda: statsmodels_csv("anes96/anes96.csv", sep="\t"), "vote", "classification", "accuracy"),
    ("modechoice", modechoice, "mode", "classification", "accuracy"),
    ("infert", infert, "case", "classification", "accuracy"),
    ("randhie_visits", lambda: statsmodels_csv("randhie/randhie.csv"), "mdvis", "regression", "rmse"),
    ("grunfeld_invest", lambda: statsmodels_csv("grunfeld/grunfeld.csv"), "invest", "regression", "rmse"),
    ("engel_food", lambda: statsmodels_csv("engel/engel.csv"), "foodexp", "regression", "rmse"),
    ("airquality_ozone", lambda: r_dataset("airquality"), "Ozone", "regression", "rmse"),
    ("quakes_magnitude", lambda: r_dataset("quakes"), "mag", "regression", "rmse"),
    ("chickweight", lambda: r_dataset("ChickWeight"), "weight", "regression", "rmse"),
]


def split(out, seed=SEED):
    seed = int(seed)
    os.makedirs(out, exist_ok=True)
    manifest = []
    for name, load, target, task, metric in TABLES:
        frame = load()
        # Rows without a target teach nothing and cannot be scored: both sides see the same rows.
        frame = frame[frame[target].notna()].reset_index(drop=True)
        if task == "classification":
            frame[target] = frame[target].map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        order = np.random.RandomState(seed).permutation(len(frame))
        cut = int(round(len(frame) * 0.8))
        train, test = frame.iloc[order[:cut]], frame.iloc[order[cut:]]
        train.to_csv(os.path.join(out, f"{name}-train.csv"), index=False)
        test.to_csv(os.path.join(out, f"{name}-test.csv"), index=False)
        manifest.append({"name": name, "seed": seed, "target": target, "task": task, "metric": metric,
                         "rows": len(frame), "trainRows": len(train), "testRows": len(test),
                         "columns": list(frame.columns)})
    with open(os.path.join(out, "tables.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    for t in manifest:
        print(f"{t['name']}: {t['rows']} rows ({t['trainRows']} / {t['testRows']}), target {t['target']}, "
              f"{t['task']}, {t['metric']}")


def score(metric, truth, predicted):
    from sklearn.metrics import accuracy_score, f1_score, mean_squared_error
    if metric == "accuracy":
        return accuracy_score(truth, predicted)
    if metric == "macro_f1":
        return f1_score(truth, predicted, average="macro")
    return float(np.sqrt(mean_squared_error(truth, predicted)))


def candidates(task, numeric, categorical):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                                  RandomForestClassifier, RandomForestRegressor)
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    def features(scale, one_hot):
        encoder = (OneHotEncoder(handle_unknown="ignore") if one_hot
                   else OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1))
        num = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
        return ColumnTransformer([("num", make_pipeline(*num), numeric),
                                  ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), encoder), categorical)])

    classification = task == "classification"
    linear = LogisticRegression(max_iter=2000) if classification else LinearRegression()
    forest = (RandomForestClassifier if classification else RandomForestRegressor)(random_state=SEED, n_jobs=-1)
    boosting = (HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor)(random_state=SEED)
    return {
        "linear": make_pipeline(features(True, True), linear),
        "random_forest": make_pipeline(features(False, True), forest),
        "hist_gradient_boosting": make_pipeline(features(False, False), boosting),
    }


def sklearn_side(out):
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
    with open(os.path.join(out, "tables.json")) as f:
        manifest = json.load(f)
    results = {}
    for t in manifest:
        train = pd.read_csv(os.path.join(out, f"{t['name']}-train.csv"))
        test = pd.read_csv(os.path.join(out, f"{t['name']}-test.csv"))
        target, task, metric = t["target"], t["task"], t["metric"]
        x, y = train.drop(columns=[target]), train[target]
        if task == "classification":
            y = y.astype(str)
        categorical = [c for c in x.columns if x[c].dtype == object]
        numeric = [c for c in x.columns if c not in categorical]
        scoring = {"accuracy": "accuracy", "macro_f1": "f1_macro", "rmse": "neg_root_mean_squared_error"}[metric]
        folds = (StratifiedKFold if task == "classification" else KFold)(5, shuffle=True, random_state=SEED)
        started = time.perf_counter()
        cv = {}
        for name, pipeline in candidates(task, numeric, categorical).items():
            cv[name] = float(np.mean(cross_val_score(pipeline, x, y, cv=folds, scoring=scoring)))
        best = max(cv, key=cv.get)
        model = candidates(task, numeric, categorical)[best].fit(x, y)
        seconds = time.perf_counter() - started
        truth = test[target].astype(str) if task == "classification" else test[target]
        value = score(metric, truth, model.predict(test.drop(columns=[target])))
        results[t["name"]] = {"best": best, "cv": cv, "score": value, "seconds": seconds}
        print(f"{t['name']}: scikit-learn {best} {metric} {value:.4f} in {seconds:.1f} s (cv {cv})", flush=True)
    with open(os.path.join(out, "sklearn.json"), "w") as f:
        json.dump(results, f, indent=1)


def ratio(metric, ours, theirs):
    # Above 1 when the orchestrator is better: accuracy and F1 divided, RMSE inverted.
    return theirs / ours if metric == "rmse" else ours / theirs


def summary(*dirs):
    rows = {}
    for d in dirs:
        with open(os.path.join(d, "tables.json")) as f:
            manifest = json.load(f)
        with open(os.path.join(d, "sklearn.json")) as f:
            theirs = json.load(f)
        with open(os.path.join(d, "orchestrator.json")) as f:
            ours = json.load(f)
        for t in manifest:
            o, s = ours.get(t["name"]), theirs.get(t["name"])
            if o is None or s is None or not np.isfinite(float(o["score"])):
                print(f"{t['name']} (seed {t['seed']}): no orchestrator score: {o and o.get('note')}")
                continue
            rows.setdefault(t["name"], []).append(ratio(t["metric"], float(o["score"]), s["score"]))
    print(f"| table | ratio per seed ({len(dirs)} seeds) | mean |")
    print("|---|---|---|")
    means = []
    for name, ratios in rows.items():
        means.append(float(np.mean(ratios)))
        print(f"| {name} | {', '.join(f'{r:.3f}' for r in ratios)} | {means[-1]:.3f} |")
    print(f"mean of the tables' mean ratios {np.mean(means):.3f}, worst table {min(means):.3f}, "
          f"tables at or above 1.0: {sum(m >= 1.0 for m in means)} of {len(means)}")


if __name__ == "__main__":
    {"split": split, "sklearn": sklearn_side, "summary": summary}[sys.argv[1]](*sys.argv[2:])
