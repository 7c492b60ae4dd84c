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

With --serve-port it also serves what it trained: it takes the project's deploy-model, rollback-model
and retire-model tasks, serves the approved pipeline on a small HTTP server of its own
(POST http://127.0.0.1:<port>/predict with {"rows": [{...}]}), reports that endpoint, and pushes every
prediction it answers to the orchestrator's prediction log with the project's serving token
(--token or MLPM_SERVING_TOKEN), so that drift and live metrics are watched there:

  /usr/bin/python3 examples/trainer/sklearn_worker.py --url http://localhost:8080 \
      --user trainer --password demo --topic team-sklearn --serve-port 8091 --token <serving token>
"""

import argparse
import base64
import csv
import hashlib
import http.server
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
import uuid
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

    def fetch(self, topics, lock_ms):
        return self.call("POST", "/engine-rest/external-task/fetchAndLock", {
            "workerId": self.user, "maxTasks": 1,
            "topics": [{"topicName": topic, "lockDuration": lock_ms} for topic in topics]})

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
            z.writestr("artifact", pickle.dumps({"pipeline": model, "numeric": numeric,
                                                  "categorical": categorical, "classification": classification}))
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


SERVING_TOPICS = ("deploy-model", "rollback-model", "retire-model")


class Server:
    """The pipeline this worker serves, its /predict endpoint, and the prediction log it pushes in batches."""

    MAX_PENDING = 100_000

    def __init__(self, orchestrator, port, token):
        self.orchestrator, self.port, self.token = orchestrator, port, token
        self.lock = threading.Lock()
        self.model = None  # (project, modelVersionId, the unpickled artifact)
        self.pending = []
        self.httpd = None

    def endpoint(self):
        return f"http://127.0.0.1:{self.port}/predict"

    def start(self):
        if self.httpd is not None:
            return
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                if self.path != "/predict":
                    return self.answer(404, {"message": "POST /predict"})
                length = int(self.headers.get("Content-Length") or 0)
                if length > 8 << 20:
                    return self.answer(413, {"message": "at most 8 MiB"})
                try:
                    rows = json.loads(self.rfile.read(length))["rows"]
                    return self.answer(200, server.predict(rows))
                except Unavailable as e:
                    return self.answer(503, {"message": str(e)})
                except (ValueError, KeyError, TypeError) as e:
                    return self.answer(400, {"message": f"the body is {{\"rows\": [{{...}}]}}: {e}"})

            def answer(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self.push_forever, daemon=True).start()
        print(f"serving on {self.endpoint()}", flush=True)

    def serve(self, project, model_version_id, artifact):
        with self.lock:
            self.model = (project, model_version_id, artifact)

    def withdraw(self):
        with self.lock:
            self.model = None

    def predict(self, rows):
        with self.lock:
            model = self.model
        if model is None:
            raise Unavailable("no model serves here now")
        project, model_id, artifact = model
        names = artifact["numeric"] + artifact["categorical"]
        header = names
        cells = [["" if row.get(n) is None else str(row.get(n)) for n in names] for row in rows]
        x = matrix(header, cells, artifact["numeric"], artifact["categorical"])
        pipeline = artifact["pipeline"]
        answers = []
        if artifact["classification"]:
            classes = [str(c) for c in pipeline.classes_]
            for row, p in zip(rows, pipeline.predict_proba(x)):
                answers.append({"id": uuid.uuid4().hex, "inputs": {n: row.get(n) for n in names},
                                "output": classes[int(np.argmax(p))],
                                "probabilities": {c: float(v) for c, v in zip(classes, p)}})
        else:
            for row, v in zip(rows, pipeline.predict(x)):
                answers.append({"id": uuid.uuid4().hex, "inputs": {n: row.get(n) for n in names},
                                "output": float(v)})
        with self.lock:
            self.pending.extend((project, model_id, a) for a in answers)
            if len(self.pending) > self.MAX_PENDING:
                dropped = len(self.pending) - self.MAX_PENDING
                del self.pending[:dropped]
                print(f"prediction log: dropped the {dropped} oldest unsent predictions", file=sys.stderr)
        return {"modelVersionId": model_id, "predictions": [
            {k: a[k] for k in ("id", "output", "probabilities") if k in a} for a in answers]}

    def push_forever(self):
        while True:
            time.sleep(1)
            self.push()

    def push(self, batch_size=500):
        """Sends what was predicted, oldest first; kept for the next try when the orchestrator is away."""
        with self.lock:
            batch = self.pending[:batch_size]
        if not batch or not self.token:
            return
        project, model_id = batch[0][0], batch[0][1]
        same = [a for p, m, a in batch if (p, m) == (project, model_id)]
        request = urllib.request.Request(
            f"{self.orchestrator.url}/api/projects/{project}/prediction-log", method="POST",
            data=json.dumps({"modelVersionId": model_id, "predictions": same}).encode())
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                outcome = json.loads(response.read())
            print(f"prediction log: {outcome['logged']} sent ({outcome['alreadyLogged']} already there)", flush=True)
        except urllib.error.HTTPError as e:
            if e.code != 409:  # 409: that model no longer serves; its predictions are not watched any more
                print(f"prediction log refused: HTTP {e.code} {e.read().decode('utf-8', 'replace')}",
                      file=sys.stderr, flush=True)
                return
        except OSError as e:
            print(f"prediction log: orchestrator unreachable ({e}); will retry", file=sys.stderr, flush=True)
            return
        with self.lock:
            del self.pending[:len(same)]


class Unavailable(Exception):
    pass


def serve_task(orchestrator, server, task, lock_ms):
    """A deploy-model, rollback-model or retire-model task: serve or withdraw, then report where."""
    task_id = task["id"]
    keeper = LockKeeper(orchestrator, task_id, lock_ms)
    keeper.start()
    try:
        facts = orchestrator.call("GET", f"/api/trainer/serving/{task_id}")
        print(f"{facts['action']}: {facts['instructions']}", flush=True)
        serve = facts.get("serve")
        report = {}
        if serve and serve.get("trainedOutside"):
            raw = orchestrator.call("GET", serve["artifact"], raw=True)
            # The team's own artifact (the orchestrator stores it opaque and never loads it): only a
            # worker trusted with the team's code unpickles it.
            artifact = pickle.loads(raw)
            server.start()
            server.serve(facts["project"], serve["modelVersionId"], artifact)
            report = {"endpoint": server.endpoint()}
            print(f"model {serve['modelVersionId']} ({serve['algorithm']}, sha256"
                  f" {hashlib.sha256(raw).hexdigest()[:12]}) serves at {server.endpoint()}", flush=True)
        else:
            server.withdraw()
            print("withdrawn: no model serves here now", flush=True)
        keeper.stopped.set()
        orchestrator.call("POST", facts["report"], report)
        print(f"task {task_id} reported", flush=True)
    except Exception as e:
        keeper.stopped.set()
        print(f"task {task_id} failed: {e}", file=sys.stderr, flush=True)
        try:
            orchestrator.call("POST", f"/engine-rest/external-task/{task_id}/failure", {
                "workerId": orchestrator.user, "errorMessage": str(e)[:600], "retries": 0})
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
    parser.add_argument("--serve-port", type=int, help="also deploy and serve what it trained, on this port")
    parser.add_argument("--token", default=os.environ.get("MLPM_SERVING_TOKEN"),
                        help="the project's serving token, for the prediction log")
    args = parser.parse_args()
    if not args.password:
        parser.error("give --password or set MLPM_TRAINER_PASSWORD")
    orchestrator = Orchestrator(args.url, args.user, args.password)
    server = Server(orchestrator, args.serve_port, args.token) if args.serve_port else None
    if server and not args.token:
        print("no --token: the predictions served are not sent to the prediction log", file=sys.stderr)
    topics = [args.topic] + (list(SERVING_TOPICS) if server else [])
    deadline = time.monotonic() + args.wait
    while True:
        tasks = orchestrator.fetch(topics, args.lock_ms)
        for task in tasks:
            try:
                if task["topicName"] in SERVING_TOPICS:
                    serve_task(orchestrator, server, task, args.lock_ms)
                else:
                    work(orchestrator, task, args.lock_ms, args.repository)
            except Exception:
                if args.once:
                    raise
                continue  # reported as the task's failure; the worker goes on with the next task
            if args.once:
                return 0
        if args.once and time.monotonic() > deadline:
            print(f"no task on topic {args.topic} within {args.wait} s", file=sys.stderr)
            return 1
        if not tasks:
            time.sleep(2)


if __name__ == "__main__":
    sys.exit(main())
