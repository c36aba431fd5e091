"""One of several processes entering runs in the same score table at once.

Usage: python tests/scores_writer.py DB WHO COUNT GO_FILE WRITERS

1. Says it is ready (creates GO_FILE.WHO.ready) and waits for GO_FILE, so that
   all the writers open the table together and race to create and migrate it.
2. Says it has opened the table (GO_FILE.WHO.open) and waits until all WRITERS
   have, so that their writes overlap instead of one writer finishing first.
3. Enters COUNT runs, one transaction each, and prints a JSON object: the ids it
   got, when it began to write and when its last write ended (wall clock,
   comparable between processes).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.scores import ScoreStore


def replay_text(who: str, i: int) -> str:
    return json.dumps({"format": "trailread-replay", "writer": who, "n": i})


def result(i: int) -> dict:
    return {"level": "warm-up", "score": float(i), "time_s": 100.0 + i, "finished": True}


def wait_until(done) -> None:
    deadline = time.monotonic() + 60
    while not done():
        if time.monotonic() > deadline:
            sys.exit("scores_writer: the other writers never came")
        time.sleep(0.0005)


def main(db: str, who: str, count: int, go_file: str, writers: int) -> None:
    go = Path(go_file)
    Path(f"{go}.{who}.ready").touch()
    wait_until(go.exists)
    with ScoreStore(Path(db)) as store:
        Path(f"{go}.{who}.open").touch()
        wait_until(lambda: len(list(go.parent.glob(f"{go.name}.*.open"))) >= writers)
        began = time.time()
        ids = [store.add(result(i), replay_text(who, i), who) for i in range(count)]
        ended = time.time()
    print(json.dumps({"ids": ids, "began": began, "ended": ended}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
