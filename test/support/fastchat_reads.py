"""Reads a battle file the way FastChat's elo_analysis.py reads its clean_battle file, and prints
what each run selected and computed on stdout: a JSON array, one object per file (FastChat's own
prints go to stderr).

  python3 fastchat_reads.py FILE... [--fastchat CHECKOUT] [--runs full long english ...]

With --fastchat (a FastChat checkout: the folder holding `fastchat/`), FastChat's own code runs:
`pd.read_json(FILE)` as its `__main__` does, then `report_elo_analysis_results` once per run, with
the filters its command line offers (its categories `full`, `long`, `english`, `chinese`,
`--langs`, `--exclude-unknown-lang`, `--exclude-tie`), and `compute_style_control` on the
battles of the `full` run. The battles each run rates are the ones FastChat hands to its own
`compute_elo`, recorded on the way. Nothing of FastChat is copied here; what this machine lacks
is shimmed, and only that (see `shim_missing_modules`).

Without --fastchat, our own pandas steps stand in for FastChat's filters (same order: the
category filter, sort by tstamp, languages, anonymous votes only, ties); they select rows but
rate nothing. Needs pandas; FastChat's code also needs numpy, scipy and tqdm (Debian:
python3-pandas python3-scipy python3-tqdm).
"""

import argparse
import contextlib
import importlib.util
import json
import math
import os
import sys
import types

LONG_TOKENS = 768  # FastChat's filter_long_conv threshold, for our stand-in only

RUNS = {
    "full": {},
    "long": {"category": "long"},
    "english": {"category": "english"},
    "chinese": {"category": "chinese"},
    "langs-english": {"langs": ["English"]},
    "known-language": {"exclude_unknown_lang": True},
    "no-ties": {"exclude_tie": True},
}

STYLE_FEATURES = [
    "sum_assistant_a_tokens", "header_count_a", "list_count_a", "bold_count_a",
    "sum_assistant_b_tokens", "header_count_b", "list_count_b", "bold_count_b",
]


class Anything(types.ModuleType):
    """A module, function and figure at once: every attribute and every call gives itself back."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self


def shim_missing_modules():
    """Fake modules for what elo_analysis imports but never needs on a clean_battle file, and only
    when this machine lacks them: plotly (its figures), tiktoken and shortuuid (clean_battle_data
    turning raw logs into battles), requests (fastchat.utils' web helpers); pytz becomes zoneinfo.
    Returns the names shimmed."""
    shimmed = []
    for name in ("plotly", "tiktoken", "shortuuid", "requests"):
        if importlib.util.find_spec(name) is None:
            sys.modules[name] = Anything(name)
            shimmed.append(name)
    if "plotly" in shimmed:
        for sub in ("plotly.express", "plotly.graph_objects"):
            sys.modules[sub] = Anything(sub)
    if importlib.util.find_spec("pytz") is None:
        import zoneinfo

        pytz = types.ModuleType("pytz")
        pytz.timezone = zoneinfo.ZoneInfo
        sys.modules["pytz"] = pytz
        shimmed.append("pytz")
    return shimmed


def import_elo_analysis(checkout):
    shimmed = shim_missing_modules()
    # fastchat/model/__init__.py loads the model-serving code (torch, transformers); elo_analysis
    # needs only fastchat/model/model_registry.py, which imports nothing of FastChat: an empty
    # package over the real folder lets that one file import as it is.
    package = types.ModuleType("fastchat.model")
    package.__path__ = [os.path.join(checkout, "fastchat", "model")]
    sys.modules["fastchat.model"] = package
    shimmed.append("fastchat.model (package __init__ only)")
    sys.path.insert(0, checkout)
    import fastchat.serve.monitor.elo_analysis as elo_analysis

    return elo_analysis, shimmed


def finite(value):
    """JSON has no NaN: a number that is not finite is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def rounded(series):
    return {str(key): finite(round(float(value), 6)) for key, value in series.items()}


def style_feature(metadata, name):
    value = metadata[name]
    return value if isinstance(value, int) else sum(value.values())


def fastchat_runs(elo_analysis, battles, runs):
    import numpy as np

    categories = {
        "long": elo_analysis.filter_long_conv,
        "english": lambda row: row["language"] == "English",
        "chinese": lambda row: row["language"] == "Chinese",
    }
    rated = {}
    compute_elo = elo_analysis.compute_elo

    def recording_compute_elo(frame, *args, **kwargs):
        rated["battles"] = frame
        return compute_elo(frame, *args, **kwargs)

    elo_analysis.compute_elo = recording_compute_elo
    results = {}
    for name in runs:
        options = dict(RUNS[name])
        category = options.pop("category", None)
        if category is not None:
            options["filter_func"] = categories[category]
        np.random.seed(42)  # as elo_analysis' __main__
        with contextlib.redirect_stdout(sys.stderr):
            report = elo_analysis.report_elo_analysis_results(battles, num_bootstrap=20, num_cpu=1, **options)
        selected = rated.pop("battles")
        table = report["leaderboard_table_df"]
        results[name] = {
            "question_ids": selected["question_id"].tolist(),
            "battles": len(selected),
            "elo_online": rounded(report["elo_rating_online"]),
            "rating": rounded(report["elo_rating_final"]),
            "rating_q025": rounded(table["rating_q025"]),
            "rating_q975": rounded(table["rating_q975"]),
            "num_battles": rounded(table["num_battles"]),
            "last_updated_tstamp": finite(float(report["last_updated_tstamp"])),
        }
        if name == "full" and "conv_metadata" in battles.columns:
            with contextlib.redirect_stdout(sys.stderr), np.errstate(invalid="ignore", divide="ignore"):
                ratings, coefficients = elo_analysis.compute_style_control(selected)
            results["style-control"] = {
                "rating": rounded(ratings),
                "coefficients": [finite(round(float(value), 6)) for value in coefficients],
            }
    return results


def pandas_runs(battles, runs):
    """Our stand-in for FastChat's filters, in its order; no ratings."""

    def is_long(row):
        return any(
            sum(turn["num_tokens"] for turn in row[side]) >= LONG_TOKENS
            for side in ("conversation_a", "conversation_b")
        )

    categories = {
        "long": is_long,
        "english": lambda row: row["language"] == "English",
        "chinese": lambda row: row["language"] == "Chinese",
    }
    results = {}
    for name in runs:
        options = RUNS[name]
        frame = battles
        if "category" in options:
            frame = frame[frame.apply(categories[options["category"]], axis=1)]
        frame = frame.sort_values(ascending=True, by=["tstamp"])
        if options.get("langs"):
            frame = frame[frame["language"].isin(options["langs"])]
        if options.get("exclude_unknown_lang"):
            frame = frame[~frame["language"].str.contains("unknown")]
        frame = frame[frame["anony"]].reset_index(drop=True)
        if options.get("exclude_tie"):
            frame = frame[~frame["winner"].str.contains("tie")]
        counts = frame["model_a"].value_counts().add(frame["model_b"].value_counts(), fill_value=0)
        results[name] = {
            "question_ids": frame["question_id"].tolist(),
            "battles": len(frame),
            "num_battles": rounded(counts.sort_index()),
        }
        if name == "full" and "conv_metadata" in frame.columns:
            results["style-features"] = [
                [style_feature(metadata, feature) for feature in STYLE_FEATURES] for metadata in frame["conv_metadata"]
            ]
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--fastchat", help="a FastChat checkout (the folder holding fastchat/)")
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    args = parser.parse_args()

    import pandas as pd

    elo_analysis, shimmed = import_elo_analysis(args.fastchat) if args.fastchat else (None, [])
    outputs = []
    for file in args.files:
        battles = pd.read_json(file)  # as elo_analysis' __main__ reads --clean-battle-file
        outputs.append({
            "engine": "fastchat" if elo_analysis else "pandas",
            "shimmed": shimmed,
            "columns": list(battles.columns),
            "dtypes": {column: str(dtype) for column, dtype in battles.dtypes.items()},
            "runs": fastchat_runs(elo_analysis, battles, args.runs) if elo_analysis else pandas_runs(battles, args.runs),
        })
    json.dump(outputs, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
