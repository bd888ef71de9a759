"""Runs FastChat's own llm_judge/compute_agreement.py on vote files and prints its counts as JSON:
{"turn1": {"withTies": [agree, total], "withoutTies": [...]}, "turn2": {...}}.

  python3 fastchat_agreement.py --fastchat CHECKOUT --judges human human FILE...

Only the data loading is ours: compute_agreement.py reads JSON lists of votes with `json.load`;
here each FILE is read with pandas (CSV, a JSON array, or JSONL) into the same list of dicts, with
numpy integers made Python integers. A judge id written `gpt-4_pair` (Arena's group form) becomes
the `["gpt-4", "pair-v2"]` list that FastChat's judgment files hold, the only form its
`get_judge_name` calls "gpt4-pair". Then FastChat's get_mt_bench_votes_data and
get_mt_bench_agreement run as its run_mt_bench_agreement calls them. Needs pandas and numpy.
"""

import argparse
import importlib.util
import json
import os
import sys


def load_votes(file):
    import pandas as pd

    with open(file, encoding="utf-8") as handle:
        first = handle.read(1)
    if first == "[":
        frame = pd.read_json(file, dtype=False)
    elif first == "{":
        frame = pd.read_json(file, lines=True, dtype=False)
    else:
        frame = pd.read_csv(file, dtype={"question_id": object, "judge": object})
    votes = []
    for record in frame[["question_id", "model_a", "model_b", "winner", "judge", "turn"]].to_dict("records"):
        record["turn"] = int(record["turn"])
        question = record["question_id"]
        record["question_id"] = int(question) if str(question).isdigit() else str(question)
        if record["judge"].startswith("gpt-4_pair"):
            record["judge"] = ["gpt-4", "pair-v2"]
        votes.append(record)
    return votes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--fastchat", required=True, help="a FastChat checkout (the folder holding fastchat/)")
    parser.add_argument("--judges", nargs=2, default=["human", "human"])
    args = parser.parse_args()

    path = os.path.join(args.fastchat, "fastchat", "llm_judge", "compute_agreement.py")
    spec = importlib.util.spec_from_file_location("compute_agreement", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    data = module.get_mt_bench_votes_data([load_votes(file) for file in args.files])
    result = {}
    for turn in (0, 1):
        counts = {}
        for name, ban in (("withTies", []), ("withoutTies", ["tie"])):
            agree, total = module.get_mt_bench_agreement(data[turn], args.judges[0], args.judges[1], ban=ban)
            counts[name] = [int(agree), int(total)]
        result[f"turn{turn + 1}"] = counts
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
