"""Expected numbers for test/unit/ratings-styleControl.test.ts, from FastChat's own code.

Runs FastChat's `compute_style_control` (fastchat/serve/monitor/rating_systems.py) on the two
data sets that test/fixtures/style-control/dumpStyleBattles.ts writes, checks FastChat's
markdown counting (add_markdown_info.py) against the counts our TypeScript put in the MT-Bench
battles' conv_metadata, and writes ratings and coefficients as JSON. FastChat is imported from
the directory given, never copied here. Needs numpy, scipy, pandas and tqdm (Debian:
python3-pandas python3-scipy python3-tqdm). See test/fixtures/style-control/README.md.

  python3 scripts/style_control_expected.py --fastchat-monitor /tmp/fc/fastchat/serve/monitor \
      --fastchat-commit COMMIT --battles /tmp/style-control \
      --output test/fixtures/style-control/fastchat-expected.json
"""

import argparse
import functools
import json
import os
import sys

FEATURES = ["length", "headers", "lists", "bold"]
KEYS = {
    "length": ("sum_assistant_a_tokens", "sum_assistant_b_tokens"),
    "headers": ("header_count_a", "header_count_b"),
    "lists": ("list_count_a", "list_count_b"),
    "bold": ("bold_count_a", "bold_count_b"),
}
MARKDOWN_KEYS = ["header_count", "list_count", "bold_count"]


def check_markdown_counts(add_markdown_info, df):
    """FastChat's counts from the conversations must equal the ones in conv_metadata."""
    mismatches = 0
    for column, suffix in (("conversation_a", "_a"), ("conversation_b", "_b")):
        counted = add_markdown_info.get_element_counts(df, column)
        for metadata, fastchat in zip(df["conv_metadata"], counted):
            for key in MARKDOWN_KEYS:
                if metadata[key + suffix] != fastchat[key + suffix]:
                    mismatches += 1
    if mismatches:
        sys.exit(f"markdown counts differ from FastChat's in {mismatches} places")
    return 2 * len(df)


def varying_features(rating_systems, df):
    """FastChat's standardized features, and which of them are NaN (a feature that never varies)."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        _, features, _, _ = rating_systems.preprocess_for_style(df)
    return [name for name, column in zip(FEATURES, features.T) if not np.isnan(column).all()]


def lbfgs_report(rating_systems, df, feature_names):
    """How FastChat's L-BFGS ended (its fit_contextual_bt returns only x), and the minimum of the
    same objective found with much tighter stopping rules (ratings 400·θ + 1000, as FastChat's
    scale_and_offset without a baseline model)."""
    import math

    import numpy as np
    from scipy.optimize import minimize

    matchups, features, outcomes, models = rating_systems.preprocess_for_style(df)
    size = len(models) + features.shape[1]
    arguments = (len(models), matchups, features, outcomes, math.log(10.0), 0.5, 0.25)
    default = minimize(
        fun=rating_systems.contextual_bt_loss_and_grad,
        x0=np.zeros(size),
        args=arguments,
        jac=True,
        method="L-BFGS-B",
        options={"disp": False, "maxiter": 100, "gtol": 1e-6},
    )
    tight = minimize(
        fun=rating_systems.contextual_bt_loss_and_grad,
        x0=default.x,
        args=arguments,
        jac=True,
        method="L-BFGS-B",
        options={"disp": False, "maxiter": 10000, "gtol": 1e-12, "ftol": 1e-15},
    )
    n = len(models)
    coefficients = dict.fromkeys(FEATURES, 0.0)
    for name, value in zip(feature_names, tight.x[n:]):
        coefficients[name] = float(value)
    return {
        "iterations": int(default.nit),
        "message": str(default.message),
        "largest_gradient": float(np.abs(default.jac).max()),
        "largest_rating_gap_to_tight_minimum": float(400 * np.abs(default.x[:n] - tight.x[:n]).max()),
        "largest_coefficient_gap_to_tight_minimum": float(np.abs(default.x[n:] - tight.x[n:]).max()),
        "tight_minimum": {
            "largest_gradient": float(np.abs(tight.jac).max()),
            "ratings": {model: float(400 * theta + 1000) for model, theta in sorted(zip(models, tight.x[:n]))},
            "coefficients": coefficients,
        },
    }


def run(rating_systems, df, features):
    ratings, params = rating_systems.compute_style_control(df)
    coefficients = dict.fromkeys(FEATURES, 0.0)
    for name, value in zip(features, params):
        coefficients[name] = float(value)
    return {
        "battles": len(df),
        "features_given_to_fastchat": features,
        "ratings": {model: float(rating) for model, rating in sorted(ratings.items())},
        "coefficients": coefficients,
        "lbfgs": lbfgs_report(rating_systems, df, features),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fastchat-monitor", required=True, help="FastChat's fastchat/serve/monitor directory")
    parser.add_argument("--fastchat-commit", default="unknown")
    parser.add_argument("--battles", required=True, help="directory written by dumpStyleBattles.ts")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    sys.path.insert(0, os.path.abspath(args.fastchat_monitor))
    import numpy as np
    import pandas as pd
    import scipy

    import add_markdown_info
    import rating_systems

    def read(name):
        with open(os.path.join(args.battles, name), encoding="utf-8") as file:
            return pd.DataFrame(json.load(file))

    result = {
        "generator": "scripts/style_control_expected.py",
        "fastchat_commit": args.fastchat_commit,
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "datasets": {},
    }

    synthetic = read("synthetic.json")
    result["datasets"]["synthetic"] = run(rating_systems, synthetic, varying_features(rating_systems, synthetic))

    mt_bench = read("mt-bench.json")
    checked = check_markdown_counts(add_markdown_info, mt_bench)
    varying = varying_features(rating_systems, mt_bench)
    with np.errstate(invalid="ignore", divide="ignore"):
        unmodified, unmodified_params = rating_systems.compute_style_control(mt_bench)
    # A feature that never varies makes FastChat's standardization divide by zero: its features
    # turn NaN and L-BFGS stops at its zero start. Leave such features out, through FastChat's own
    # style_elements parameter, which is what the contract asks of us.
    original = rating_systems.preprocess_for_style
    elements = [KEYS[name][0] for name in varying] + [KEYS[name][1] for name in varying]
    rating_systems.preprocess_for_style = functools.partial(
        original, apply_ratio=[1] * len(varying), style_elements=elements
    )
    try:
        entry = run(rating_systems, mt_bench, varying)
    finally:
        rating_systems.preprocess_for_style = original
    entry["markdown_counts_checked"] = checked
    entry["unmodified_compute_style_control"] = {
        "ratings": sorted({float(rating) for rating in unmodified.values}),
        "params": [float(value) for value in unmodified_params],
    }
    result["datasets"]["mt-bench"] = entry

    with open(args.output, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2)
        file.write("\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
