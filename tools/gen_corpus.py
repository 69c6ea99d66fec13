#!/usr/bin/env python3
"""Writes a large, realistic revision 4.1 corpus for the benchmarks.

A large 居宅介護支援事業所: USERS users, each with 訪問介護 every day of the
month (twice a day for a third of them), 通所介護 twice a week and a
福祉用具貸与; one send unit per provider (UPPLAN, UPSIKYU, UPHOSOKU), each
第6表 listing every service of the users that provider serves, as the
standard asks. Plus the plan set (第1・2・3表 and 利用者補足情報) with free text
holding multi-byte characters, commas, quotes and line breaks.

    python3 tools/gen_corpus.py --out target/corpus/medium --users 400

Everything is fictitious and deterministic (the same arguments give the
same bytes). Check digits are valid.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import records as mc  # noqa: E402
from records import CM, INS1, V, q, rec, csv, name, plan, sikyu, priced, hosoku  # noqa: E402


def office(n):
    body = f"1371{n:05d}"
    tot = 0
    for i, c in enumerate(reversed(body)):
        v = int(c) * (2 if i % 2 == 0 else 1)
        tot += sum(int(d) for d in str(v))
    return body + str((10 - tot % 10) % 10)


def insured(n):
    return f"99{n:08d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--users", type=int, default=400)
    ap.add_argument("--providers", type=int, default=8)
    ap.add_argument("--month", default="202505")
    ap.add_argument("--no-plan-set", action="store_true",
                    help="write the providers' send units only (第6表, 第7表, 利用者補足情報), without the plan set")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    m = a.month
    houmon = [office(200 + i) for i in range(a.providers)]
    tsusho, yougu = office(300), office(301)
    ndays = {"02": 28}.get(m[4:], 30 if m[4:] in ("04", "06", "09", "11") else 31)
    days = [f"{d:02d}" for d in range(1, ndays + 1)]
    per_provider = {h: [] for h in houmon}
    sik = {h: [] for h in houmon}
    hos = {h: [] for h in houmon}
    for u in range(a.users):
        p = insured(u + 1)
        h = houmon[u % len(houmon)]
        recs = []
        for d in days:
            recs.append(plan(INS1, p, m, m + d, "0900", "0930", "111111", "244", h, "試験訪問介護ステーション", updater=CM))
            if u % 3 == 0:
                recs.append(plan(INS1, p, m, m + d, "1800", "1830", "111111", "244", h, "試験訪問介護ステーション", updater=CM))
        for d in days[1::7] + days[4::7]:
            recs.append(plan(INS1, p, m, m + d, "0930", "1630", "151111", "658", tsusho, "見本デイサービス", updater=CM))
        recs.append(plan(INS1, p, m, m + "01", "9999", "9999", "171001", "600", yougu, "見本福祉用具サービス",
                         tais="00170-000123", yname="自走式車いす　ＫＸ－１"))
        per_provider[h].extend(recs)
        visits = len(days) * (2 if u % 3 == 0 else 1)
        dc = len(days[1::7] + days[4::7])
        sik[h].extend(priced([
            sikyu(INS1, p, m, "試験訪問介護ステーション", h, "111111", "244", str(visits)),
            sikyu(INS1, p, m, "見本デイサービス", tsusho, "151111", "658", str(dc)),
            sikyu(INS1, p, m, "見本福祉用具サービス", yougu, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
            sikyu(INS1, p, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(244 * visits + 658 * dc + 600)),
        ]))
        hos[h].append(hosoku(m, INS1, p, "ミホン タロウ", f"見本 太郎{u + 1}", "1", "19400101", ""))
    for i, h in enumerate(houmon):
        ts = f"2025042509{i:02d}00"
        for prefix, recs in (("UPPLAN", per_provider[h]), ("UPSIKYU", sik[h]), ("UPHOSOKU", hos[h])):
            with open(os.path.join(a.out, name(prefix, m, CM, "43", h, "11", ts=ts)), "wb") as fh:
                fh.write(csv(recs))
    # The plan set, with free text of every kind.
    ps = {} if a.no_plan_set else mc.plan_set()
    copies = max(1, a.users // 2)
    for k, v in ps.items():
        recs = []
        for i in range(copies):
            # Two users per copy: one insured, one 生活保護単独 (H + 9 digits).
            recs += [r.replace(mc.P1, insured(100000 + i)).replace(mc.P2, f"H{900000000 + i:09d}") for r in v]
        with open(os.path.join(a.out, k.replace(mc.TS, "20250425100000")), "wb") as fh:
            fh.write(csv(recs))
    total = sum(os.path.getsize(os.path.join(a.out, f)) for f in os.listdir(a.out))
    print(f"{len(os.listdir(a.out))} files, {total / 1e6:.1f} MB in {a.out}")


if __name__ == "__main__":
    main()
