#!/usr/bin/python3
"""An external trainer for MLPM Orchestrator: the team's own scikit-learn code, governed like a
built-in candidate.

It fetches and locks a task of its topic over the engine's REST API (as a user of the `trainers`
group, with its user name as worker id), downloads the training rows (with their target) and the
validation and test rows (without it), picks a pipeline by 5-fold cross-validation on the training
rows by the charter's first metric, and uploads a prediction for every validation and test row with
its parameters, its code version and the fitted pipeline (pickled: opaque to the orchestrator, which
never loads it). The orchestrator computes every metric from labels it never handed out.

Standard library only for HTTP; scikit-learn from Debian's python3-sklearn (run with /usr/bin/python3).

  /usr/bin/python3 examples/trainer/sklearn_worker.py --url http://localhost:8080 \
      --user trainer --password demo --topic team-sklearn [--once] [--wait 600]

A charter names it with algorithms "external:team-sklearn" (beside built-in ones if wanted).
"""

import argparse
import base64
import csv
import io
import json
import os
import pickle
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# The charter's metrics as scikit-learn scorers (higher is better for every one of these).
SCORERS = {
    "accuracy": "accuracy", "macro_f1": "f1_macro", "weighted_f1": "f1_weighted",
    "macro_precision": "precision_macro", "macro_recall": "recall_macro", "roc_auc": "roc_auc_ovr",
    "log_loss": "neg_log_loss", "rmse": "neg_root_mean_squared_error", "mae": "neg_mean_absolute_error",
    "r2": "r2",
}


class Orchestrator:
    """The few calls a trainer makes, with HTTP Basic authentication."""

    def __init__(self, url, user, password):
        self.url = url.rstrip("/")
        self.user = user
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def call(self, method, path, body=None, content_type="application/json", raw=False):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", self.auth)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                payload = response.read()
        except urllib.error.HTTPError as e:
            raise Refused(e.code, e.read().decode("utf-8", "replace")) from None
        if raw:
            return payload
        return json.loads(payload) if payload else None

    def fetch(self, topic, lock_ms):
        return self.call("POST", "/engine-rest/external-task/fetchAndLock", {
            "workerId": self.user, "maxTasks": 1,
            "topics": [{"topicName": topic, "lockDuration": lock_ms}]})

    def rows(self, link):
        text = self.call("GET", link, raw=True).decode("utf-8")
        reader = csv.reader(io.StringIO(text))
        header = next(reader)
        return header, [row for row in reader]


class Refused(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class LockKeeper(threading.Thread):
    """Extends the task's lock while the work goes on: a dead worker's task is taken up after the lock."""

    def __init__(self, orchestrator, task_id, lock_ms):
        super().__init__(daemon=True)
        self.orchestrator, self.task_id, self.lock_ms = orchestrator, task_id, lock_ms
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.lock_ms / 3000):
            try:
                self.orchestrator.call("POST", f"/engine-rest/external-task/{self.task_id}/extendLock",
                                       {"workerId": self.orchestrator.user, "newDuration": self.lock_ms})
            except Refused as e:
                print(f"could not extend the lock: {e}", file=sys.stderr)


def columns_of(header, rows, target=None):
    """Numeric columns (every non-empty cell a number) and the others."""
    numeric, categorical = [], []
    for i, name in enumerate(header):
        if name == target or name == "row_id":
            continue
        cells = [r[i] for r in rows if r[i] != ""]
        try:
            [float(c) for c in cells]
            numeric.append(name)
        except ValueError:
            categorical.append(name)
    return numeric, categorical


def matrix(header, rows, numeric, categorical):
    """An object array: numbers as floats (NaN when empty), categories as text (None when empty)."""
    index = {name: i for i, name in enumerate(header)}
    out = np.empty((len(rows), len(numeric) + len(categorical)), dtype=object)
    for r, row in enumerate(rows):
        for c, name in enumerate(numeric):
            cell = row[index[name]]
            out[r, c] = float(cell) if cell != "" else np.nan
        for c, name in enumerate(categorical):
            cell = row[index[name]]
            out[r, len(numeric) + c] = cell if cell != "" else "<missing>"
    return out


def candidates(classification, numeric, categorical, seed):
    prepare = ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         list(range(len(numeric)))),
        ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
         list(range(len(numeric), len(numeric) + len(categorical)))),
    ])
    if classification:
        models = {"logistic_regression": LogisticRegression(max_iter=2000),
                  "random_forest": RandomForestClassifier(n_estimators=200, random_state=seed),
                  "hist_gradient_boosting": HistGradientBoostingClassifier(random_state=seed)}
    else:
        models = {"ridge": Ridge(),
                  "random_forest": RandomForestRegressor(n_estimators=200, random_state=seed),
                  "hist_gradient_boosting": HistGradientBoostingRegressor(random_state=seed)}
    return {name: make_pipeline(sklearn.base.clone(prepare), model) for name, model in models.items()}


def predictions(model, header, rows, numeric, categorical, classification):
    x = matrix(header, rows, numeric, categorical)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [r[header.index("row_id")] for r in rows]
    if classification:
        classes = [str(c) for c in model.classes_]
        writer.writerow(["row_id", "prediction"] + [f"probability:{c}" for c in classes])
        probabilities = model.predict_proba(x) if len(rows) else []
        for row_id, p in zip(ids, probabilities):
            writer.writerow([row_id, classes[int(np.argmax(p))]] + [repr(float(v)) for v in p])
    else:
        writer.writerow(["row_id", "prediction"])
        for row_id, v in zip(ids, model.predict(x) if len(rows) else []):
            writer.writerow([row_id, repr(float(v))])
    return out.getvalue()


def code_commit():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=os.path.dirname(os.path.abspath(__file__)),
                              capture_output=True, text=True, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def work(orchestrator, task, lock_ms, repository):
    task_id = task["id"]
    keeper = LockKeeper(orchestrator, task_id, lock_ms)
    keeper.start()
    try:
        facts = orchestrator.call("GET", f"/api/trainer/tasks/{task_id}")
        info = facts["task"]
        classification = info["taskType"] == "classification"
        target, seed, metric = info["targetColumn"], int(info["seed"]), info["primaryMetric"]
        header, training = orchestrator.rows(facts["training"])
        v_header, validation = orchestrator.rows(facts["validation"])
        t_header, test = orchestrator.rows(facts["test"])
        numeric, categorical = columns_of(header, training, target)
        x = matrix(header, training, numeric, categorical)
        y = [r[header.index(target)] for r in training]
        if not classification:
            y = [float(v) for v in y]
        folds = (StratifiedKFold if classification else KFold)(n_splits=5, shuffle=True, random_state=seed)
        scorer = SCORERS.get(metric, "accuracy" if classification else "r2")
        scores = {}
        for name, pipeline in candidates(classification, numeric, categorical, seed).items():
            scores[name] = float(np.mean(cross_val_score(pipeline, x, y, cv=folds, scoring=scorer)))
            print(f"{name}: 5-fold {scorer} {scores[name]:.4f}", flush=True)
        best = max(scores, key=scores.get)
        model = candidates(classification, numeric, categorical, seed)[best].fit(x, y)
        upload = io.BytesIO()
        with zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("candidate.json", json.dumps({
                "description": f"scikit-learn {best} chosen by 5-fold cross-validation on the training rows"
                               f" ({scorer} {scores[best]:.4f})",
                "parameters": {"pipeline": best, "cv_" + scorer: f"{scores[best]:.6f}",
                               "features": ",".join(numeric + categorical),
                               **{f"cv_{n}": f"{s:.6f}" for n, s in scores.items() if n != best}},
                "code": {"repository": repository, "commit": code_commit()},
                "artifact": {"format": f"application/x-python-pickle; scikit-learn {sklearn.__version__}"}}))
            z.writestr("validation.csv", predictions(model, v_header, validation, numeric, categorical,
                                                     classification))
            z.writestr("test.csv", predictions(model, t_header, test, numeric, categorical, classification))
            z.writestr("artifact", pickle.dumps(model))
        accepted = orchestrator.call("POST", facts["upload"], upload.getvalue(), content_type="application/zip")
        print(f"upload {accepted['uploadId']} accepted: {accepted['validationRows']} validation and"
              f" {accepted['testRows']} test predictions", flush=True)
        keeper.stopped.set()
        orchestrator.call("POST", f"/engine-rest/external-task/{task_id}/complete", {
            "workerId": orchestrator.user, "variables": {"uploadId": {"value": accepted["uploadId"]}}})
        print(f"task {task_id} completed with {best}", flush=True)
    except Exception as e:  # the task fails with its reason; the engine retries it, then a person sees it
        keeper.stopped.set()
        retries = task.get("retries")
        left = 2 if retries is None else max(0, retries - 1)
        print(f"task {task_id} failed: {e}", file=sys.stderr, flush=True)
        try:
            orchestrator.call("POST", f"/engine-rest/external-task/{task_id}/failure", {
                "workerId": orchestrator.user, "errorMessage": str(e)[:600], "retries": left,
                "retryTimeout": 10_000})
        except Refused as again:
            print(f"could not report the failure: {again}", file=sys.stderr)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--user", default="trainer")
    parser.add_argument("--password", default=os.environ.get("MLPM_TRAINER_PASSWORD"))
    parser.add_argument("--topic", required=True)
    parser.add_argument("--lock-ms", type=int, default=60_000)
    parser.add_argument("--once", action="store_true", help="work one task, then stop")
    parser.add_argument("--wait", type=float, default=600, help="seconds to wait for a task with --once")
    parser.add_argument("--repository", default="mlpm-orchestrator examples/trainer/sklearn_worker.py")
    args = parser.parse_args()
    if not args.password:
        parser.error("give --password or set MLPM_TRAINER_PASSWORD")
    orchestrator = Orchestrator(args.url, args.user, args.password)
    deadline = time.monotonic() + args.wait
    while True:
        tasks = orchestrator.fetch(args.topic, args.lock_ms)
        for task in tasks:
            work(orchestrator, task, args.lock_ms, args.repository)
            if args.once:
                return 0
        if args.once and time.monotonic() > deadline:
            print(f"no task on topic {args.topic} within {args.wait} s", file=sys.stderr)
            return 1
        if not tasks:
            time.sleep(2)


if __name__ == "__main__":
    sys.exit(main())
