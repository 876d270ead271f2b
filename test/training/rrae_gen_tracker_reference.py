"""Reference run of the RRAEs library's adaptive-rank tracker for
test/training/adaptive_rank.test.ts.

Loads `RRAE_gen_Tracker` from the library's own RRAEs/trackers/trackers.py
(JadM133/RRAEs; the tracker uses jax.numpy only for abs and inf, so NumPy
stands in for it) and feeds it a fixed sequence of per-step losses the way
`Trainor_class.fit` does: each loss goes into a circular window of 20, and
after step 20 the window's mean is the "previous average loss" passed with
the current loss. Writes, per step, the tracker's k_max and its save, load
and stop_train flags.

Run: /usr/bin/python3 test/training/rrae_gen_tracker_reference.py \
       path/to/RRAEs/trackers/trackers.py > test/training/rrae_gen_tracker_reference.json
"""
import contextlib
import json
import sys
import types

import numpy

jax = types.ModuleType("jax")
jax.numpy = numpy
sys.modules["jax"] = jax
sys.modules["jax.numpy"] = numpy

namespace = {}
with open(sys.argv[1]) as source:
    exec(compile(source.read(), sys.argv[1], "exec"), namespace)

PARAMS = dict(k_init=10, patience_conv=1, patience_init=5, patience_not_right=6, perf_loss=0,
              eps_0=1, eps_perc=5, k_min=1)
STAGN_WINDOW = 20

# Falling, then flat (the initial phase ends on stagnation), below the ideal
# loss (k drops by one per step), above it and stagnating (k goes back up and
# the weights are reloaded), then flat until training stops.
losses = [2.0 - 0.1 * i for i in range(10)]
losses += [1.0 + 0.001 * (i % 3) for i in range(20)]
losses += [0.9, 0.91, 0.92]
losses += [1.2 + 0.001 * (i % 2) for i in range(12)]
losses += [1.2] * 15

tracker = namespace["RRAE_gen_Tracker"](**PARAMS)
window = [0.0] * STAGN_WINDOW
avg_loss = numpy.inf
steps = []
for step, loss in enumerate(losses):
    window[step % STAGN_WINDOW] = loss
    if step > STAGN_WINDOW:
        avg_loss = sum(window) / STAGN_WINDOW
    # The tracker prints its decisions; keep stdout for the JSON.
    with contextlib.redirect_stdout(sys.stderr), numpy.errstate(invalid="ignore"):
        out = tracker(loss, avg_loss)
    steps.append({"k": int(out["k_max"]), "save": bool(out.get("save", False)),
                  "load": bool(out.get("load", False)), "stop": bool(out.get("stop_train", False))})
    if out.get("stop_train"):
        break

print(json.dumps({"params": PARAMS, "stagnWindow": STAGN_WINDOW, "losses": losses, "steps": steps,
                  "idealLoss": float(tracker.ideal_loss)}, indent=1))
