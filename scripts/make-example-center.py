"""Writes the example data of a realistic two-site contact center into Examples/concurrency/, seeded,
so the files are the same on every run (Python's random.Random is stable across versions):

- two-sites-sessions.csv: Zoom's work-session export (work_session_id, start_time, end_time,
  user_id, user_name, team_name) for October to December 2026;
- two-sites-week.csv: a wide profile of a typical week (Monday 2026-10-05, 30-minute intervals):
  per interval and team, the most users signed in at any minute (what SeatMix computes from the
  sessions);
- two-sites-forecast.csv: a WFM forecast for Berlin voice on that Monday (start, contacts,
  aht_seconds per 30 minutes).

The center: Berlin (Europe/Berlin) and New York (America/New_York), each with voice and a
second team, three shifts a day (early 06:00, late 14:00, night 22:00 local) whose agents stay
10 to 20 minutes past the next shift's start (the handover), each agent on one shift five days in
seven (fewer on weekends), a lunch break splitting each shift into two sessions, and December as
the seasonal peak (six days in seven). Times are written with the site's UTC offset on that date (summer and winter
time both occur).

Usage: python3 scripts/make-example-center.py [SEED]   (default 2026; scripts/make-examples runs it)
"""
import datetime as dt
import random
import sys
from zoneinfo import ZoneInfo

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 2026
OUT = "Examples/concurrency"
FIRST = dt.date(2026, 10, 1)
LAST = dt.date(2026, 12, 31)
PEAK_MONTH = 12

# team: (site zone, agents on the payroll, relative staffing of the shifts: early, late, night)
TEAMS = {
    "Berlin voice": ("Europe/Berlin", 60, (18, 14, 4)),
    "Berlin chat": ("Europe/Berlin", 20, (6, 6, 0)),
    "New York voice": ("America/New_York", 55, (16, 14, 3)),
    "New York billing": ("America/New_York", 15, (6, 4, 0)),
}
SHIFT_STARTS = (6, 14, 22)  # local hours
SHIFT_HOURS = 8


def iso(moment):
    return moment.isoformat(timespec="seconds")


def sessions(rng):
    rows = []
    number = 0
    for team, (zone_name, agents, per_shift) in TEAMS.items():
        zone = ZoneInfo(zone_name)
        prefix = "".join(word[0] for word in team.split()).upper()  # BV, BC, NYV, NYB
        # Each agent has one shift; the shifts' pools in proportion to their staffing.
        pools = []
        first = 0
        for shift, size in enumerate(per_shift):
            count = round(agents * size / sum(per_shift)) if shift < len(per_shift) - 1 else agents - first
            pools.append(range(first, first + count))
            first += count
        day = FIRST
        while day <= LAST:
            index = (day - FIRST).days
            weekend = day.weekday() >= 5
            # Five days in seven, six in the peak month (overtime); fewer on weekends.
            days_on = 6 if day.month == PEAK_MONTH else 5
            for shift, start_hour in enumerate(SHIFT_STARTS):
                for person in pools[shift]:
                    if (index + person) % 7 >= days_on or (weekend and rng.random() < 0.45):
                        continue
                    start = dt.datetime.combine(day, dt.time(start_hour), zone)
                    start += dt.timedelta(minutes=rng.randint(-8, 6))  # signing in around the start
                    end = start + dt.timedelta(hours=SHIFT_HOURS, minutes=rng.randint(10, 20))  # the handover
                    lunch = start + dt.timedelta(hours=4, minutes=rng.randint(-45, 45))
                    back = lunch + dt.timedelta(minutes=30)
                    user = f"{prefix}-{person:03d}"
                    for a, b in ((start, lunch), (back, end)):
                        number += 1
                        rows.append((a, b, user, team, number))
            day += dt.timedelta(days=1)
    rows.sort(key=lambda row: (row[0], row[2]))
    return rows


def write_sessions(rows):
    with open(f"{OUT}/two-sites-sessions.csv", "w", newline="") as out:
        out.write("work_session_id,start_time,end_time,user_id,user_name,team_name\n")
        for a, b, person, team, number in rows:
            out.write(f"ws-{number:06d},{iso(a)},{iso(b)},{person},Agent {person},{team}\n")


def week_profile(rows):
    """The most signed in at any minute of each 30-minute interval, per team, for the week from
    Monday 2026-10-05 00:00 UTC (each session covering any part of a minute counts in it)."""
    start = dt.datetime(2026, 10, 5, tzinfo=dt.timezone.utc)
    minutes = 7 * 24 * 60
    counts = {team: [0] * (minutes + 1) for team in TEAMS}
    for a, b, _, team, _ in rows:
        first = int((a - start).total_seconds() // 60)
        last = int(-((start - b).total_seconds() // 60))  # the end's minute left out when on the minute
        first, last = max(first, 0), min(last, minutes)
        if first < last:
            counts[team][first] += 1
            counts[team][last] -= 1
    with open(f"{OUT}/two-sites-week.csv", "w", newline="") as out:
        out.write("start," + ",".join(TEAMS) + "\n")
        running = {team: 0 for team in TEAMS}
        per_minute = {team: [] for team in TEAMS}
        for minute in range(minutes):
            for team in TEAMS:
                running[team] += counts[team][minute]
                per_minute[team].append(running[team])
        for interval in range(minutes // 30):
            moment = start + dt.timedelta(minutes=30 * interval)
            values = [max(per_minute[team][30 * interval:30 * interval + 30]) for team in TEAMS]
            out.write(moment.strftime("%Y-%m-%dT%H:%M:%SZ") + "," + ",".join(map(str, values)) + "\n")


def forecast(rng):
    """Berlin voice on Monday 2026-10-05 (local day, written in UTC): contacts per 30 minutes with
    a morning and an afternoon peak, AHT around 4 minutes."""
    zone = ZoneInfo("Europe/Berlin")
    start = dt.datetime(2026, 10, 5, 6, tzinfo=zone).astimezone(dt.timezone.utc)
    with open(f"{OUT}/two-sites-forecast.csv", "w", newline="") as out:
        out.write("start,contacts,aht_seconds\n")
        for interval in range(32):  # 06:00 to 22:00 local
            hour = 6 + interval / 2
            shape = 40 + 90 * max(0, 1 - abs(hour - 10.5) / 3) + 60 * max(0, 1 - abs(hour - 15) / 2.5)
            contacts = max(0, round(shape * rng.uniform(0.92, 1.08)))
            aht = round(240 * rng.uniform(0.9, 1.1))
            moment = start + dt.timedelta(minutes=30 * interval)
            out.write(moment.strftime("%Y-%m-%dT%H:%M:%SZ") + f",{contacts},{aht}\n")


def main():
    rng = random.Random(SEED)
    rows = sessions(rng)
    write_sessions(rows)
    week_profile(rows)
    forecast(rng)
    print(f"wrote {len(rows)} sessions, a week's profile and a forecast to {OUT}/ (seed {SEED})")


main()
