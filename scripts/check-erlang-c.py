"""SeatMix's Erlang C against pyworkforce's ErlangC.required_positions on seeded random cases.

Usage: "$(scripts/python-env)" scripts/check-erlang-c.py SEATMIX_BENCH [CASES [SEED]]
(scripts/check-erlang-c builds seatmix-bench and runs this.) Every case must give the same raw
positions and the same positions after shrinkage; a difference prints the case and exits 1.
"""
import random
import subprocess
import sys

from pyworkforce.queuing import ErlangC


def cases(count, seed):
    rng = random.Random(seed)
    for index in range(count):
        interval = rng.choice([15, 30, 60])
        # Mostly a contact center's range, with small and large loads at both ends.
        transactions = rng.choice([rng.uniform(0.5, 20), rng.uniform(20, 600), rng.uniform(600, 3000)])
        aht = rng.uniform(0.5, 15)  # minutes
        asa = rng.choice([10, 15, 20, 30, 45, 60, 120]) / 60  # the target answer time, minutes
        shrinkage = rng.choice([0.0, rng.uniform(0, 0.5)])
        service_level = rng.uniform(0.5, 0.98)
        max_occupancy = rng.choice([1.0, rng.uniform(0.6, 1.0)])
        yield (transactions, aht, asa, interval, shrinkage, service_level, max_occupancy)


def main():
    bench = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    all_cases = list(cases(count, seed))
    lines = "".join(" ".join(repr(float(x)) for x in case) + "\n" for case in all_cases)
    seatmix = subprocess.run([bench, "erlang-c"], input=lines, capture_output=True, text=True, check=True)
    answers = [tuple(int(x) for x in line.split()) for line in seatmix.stdout.splitlines()]
    assert len(answers) == len(all_cases), f"seatmix-bench answered {len(answers)} of {len(all_cases)} cases"
    differences = 0
    for case, answer in zip(all_cases, answers):
        transactions, aht, asa, interval, shrinkage, service_level, max_occupancy = case
        peer = ErlangC(transactions=transactions, aht=aht, asa=asa, interval=interval, shrinkage=shrinkage)
        expected = peer.required_positions(service_level=service_level, max_occupancy=max_occupancy)
        if (expected["raw_positions"], expected["positions"]) != answer:
            differences += 1
            print(f"differs: {case}: pyworkforce {expected['raw_positions']} {expected['positions']}, SeatMix {answer}")
    print(f"Erlang C: {len(all_cases) - differences} of {len(all_cases)} random cases (seed {seed}) agree with pyworkforce")
    sys.exit(1 if differences else 0)


main()
