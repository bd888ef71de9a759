"""Rates a battle file with FastChat's own code, as its notebook does: pandas reads the file,
rating_systems.compute_bt fits (and compute_bootstrap_bt for --rounds N). FastChat is not part of
Arena: its folder is given on the command line (a checkout of lm-sys/FastChat).

    python3 fastchat_rate.py FASTCHAT_DIR FILE [ROUNDS]
"""
import sys

fastchat_dir, battle_file = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 0
# Importable by name: its bootstrap hands fit_bt to worker processes, which import it again.
sys.path.insert(0, f"{fastchat_dir}/fastchat/serve/monitor")
import rating_systems

import pandas as pd

battles = pd.read_csv(battle_file, usecols=["model_a", "model_b", "winner"])
ratings = rating_systems.compute_bt(battles)
if rounds > 0:
    rating_systems.compute_bootstrap_bt(battles, num_round=rounds)
print(f"{len(battles)} battles, {len(ratings)} models", file=sys.stderr)
