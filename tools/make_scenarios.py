#!/usr/bin/env python3
"""Writes the certification scenario pack (scenarios/4.1/) and the reference
submissions (cases/certification/reference/<profile>/).

A scenario is a business situation a vendor enters into its product: its
scenario.toml says what to enter (in Japanese), and its files say what must
come out (expected/) or what the product must import (import/). Re-run after
editing (python3 tools/make_scenarios.py); the written files are committed
byte-exact. People, offices and numbers are fictitious.

Each scenario names the cells of the standard's role tables (本文2.2, 3.2)
it certifies; scenarios/4.1/roles.json holds those cells and is kept as it
is (it is transcribed from 本文, not generated). A change to a scenario or a
profile bumps PACK_VERSION; a scenario whose requirement changes gets a new
id, and the old one goes to WITHDRAWN.
"""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import records as mc  # noqa: E402
from records import (CM, HOUMON, YOUGU, TSUSHO, SHORT, INS1, INS2, P1, P2, P3, TS, V,  # noqa: E402
                        HOUKATSU, KANGO, SOGO, JPEG,
                        q, rec, csv, name, plan, sikyu, subtotal, priced, set_field, hosoku, with_level, kyo1, kyo2, kyo3,
                        kihon_set, one)

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.join(HERE, "..", "scenarios", "4.1")
REFERENCE = os.path.join(HERE, "..", "cases", "certification", "reference")
PACK_VERSION = "4.1-3"

TEIKI = "1371000074"  # 定期巡回・随時対応型訪問介護看護（架空）
SHOKIBO = "1371000116"  # 小規模多機能型居宅介護 73 と介護予防小規模多機能型居宅介護 75（架空）
KANTAKI = "1371000124"  # 看護小規模多機能型居宅介護 77（架空）
P4, P5 = "9900000044", "9900000055"
P6 = "9900000066"  # 委託ありの利用者
P7, P8, P9 = "9900000077", "9900000088", "9900000099"  # 小規模多機能・看護小規模多機能・介護予防小規模多機能の利用者

# Scenarios withdrawn from the pack: (id, pack version that withdrew it, ids that replace it, why).
WITHDRAWN = [
    ("y12-itaku-jisseki-relay", "4.1-2", ["y15-itaku-relay-yotei-jisseki"],
     "委託先から委託元への共有は実績に予定を付けて行う（本文5.2.2.1 「実績票に予定情報を付けて共有する」、本文1.1、本文3.1）。"
     "実績だけを求めていた y12 に代わり、予定の送信単位と実績を求める y15 を置く。"),
]

# The role columns of 本文2.2 and 本文3.2, as the cells of roles.json name them.
K22, S22 = "居宅介護支援事業所向け", "居宅サービス事業所向け"
H32, I32, Y32 = "地域包括支援センター等向け", "居宅介護支援事業所向け", "介護予防・総合事業サービス事業所向け"
ROWS = "①②③④⑤⑥⑦⑧⑨⑩⑪"


def cells(section, column, direction, rows):
    """Cell ids of roles.json: 「本文2.2 表(1) ① 居宅介護支援事業所向け 出力」."""
    out = []
    for r in rows:
        n = ROWS.index(r) + 1
        table = 1 if n <= (5 if section == "2.2" else 4) else 2
        out.append(f"本文{section} 表({table}) {r} {column} {direction}")
    return out


def c22(column, direction, rows):
    return cells("2.2", column, direction, rows)


def c32(column, direction, rows):
    return cells("3.2", column, direction, rows)

USERS = {
    P1: ("見本 花子", "ミホン ハナコ", "女性", "1940年5月12日", INS1, "要介護２"),
    P2: ("試験 一郎", "シケン イチロウ", "男性", "1945年1月1日", INS2, "要介護２（生活保護単独）"),
    P3: ("見本 次郎", "ミホン ジロウ", "男性", "1938年11月3日", INS1, "要介護３"),
    P4: ("例示 春子", "レイジ ハルコ", "女性", "1942年3月20日", INS1, "要支援１"),
    P5: ("例示 夏夫", "レイジ ナツオ", "男性", "1947年8月8日", INS1, "事業対象者"),
    P6: ("例示 冬子", "レイジ フユコ", "女性", "1944年12月5日", INS1, "要支援２（地域包括支援センターから居宅介護支援事業所へ委託）"),
    P7: ("見本 三郎", "ミホン サブロウ", "男性", "1936年7月7日", INS1, "要介護２（小規模多機能型居宅介護を利用）"),
    P8: ("見本 五月", "ミホン サツキ", "女性", "1939年5月5日", INS1, "要介護３（看護小規模多機能型居宅介護を利用）"),
    P9: ("例示 雪子", "レイジ ユキコ", "女性", "1941年1月15日", INS1, "要支援２（介護予防小規模多機能型居宅介護を利用）"),
}

OFFICES = {
    CM: "㈱見本ケアプランセンター（居宅介護支援 43）",
    HOUMON: "試験訪問介護ステーション（訪問介護 11）",
    YOUGU: "見本福祉用具サービス（福祉用具貸与 17）",
    TSUSHO: "見本デイサービス（通所介護 15）",
    SHORT: "見本ショートステイ（短期入所生活介護 21）",
    TEIKI: "見本定期巡回センター（定期巡回・随時対応型訪問介護看護 76）",
    KANGO: "見本訪問看護ステーション（介護予防訪問看護 63）",
    HOUKATSU: "見本地域包括支援センター（介護予防支援 46）",
    SOGO: "見本通所サービス（通所介護相当サービス A5）",
}


def only(files, person):
    """The files of a set, with only the records of one person."""
    out = {}
    for k, v in files.items():
        recs = [r for r in v if mc.split(r)[2] == person]
        if recs:
            out[k] = recs
    return out


def retime(files, ts):
    return {k.replace("_" + TS + ".", "_" + ts + "."): v for k, v in files.items()}


def users_text(persons):
    lines = []
    for p in persons:
        n, kana, sex, birth, ins, level = USERS[p]
        lines.append(f"- 利用者 {n}（{kana}、{sex}、{birth}生）保険者番号 {ins}、被保険者番号 {p}、{level}")
    return "\n".join(lines)


def offices_text(ids):
    return "\n".join(f"- {OFFICES[i]}：事業所番号 {i}" for i in ids)


SCENARIOS = []


def scenario(sid, title, direction, description, expected=None, imports=None, reply=False, cells=None, basis=None,
             refuse=None):
    """A scenario. `cells`: the role-table cells (roles.json ids) it certifies; `basis`: the text it rests on when it
    certifies no cell (a defective import); `refuse`: for such an import, the defect and the rules that find it."""
    assert cells or basis, sid
    SCENARIOS.append({
        "id": sid, "title": title, "direction": direction, "description": description.strip(),
        "expected": expected or {}, "imports": imports or {}, "reply": reply, "cells": cells or [], "basis": basis,
        "refuse": refuse,
    })


def write_files(d, files):
    os.makedirs(d, exist_ok=True)
    for fname, content in files.items():
        data = content if isinstance(content, bytes) else csv(content)
        with open(os.path.join(d, fname), "wb") as fh:
            fh.write(data)


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_multiline(s):
    return '"""\n' + s.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '\n"""'


def build():
    ps, us = mc.plan_set(), mc.use_set(ts="20250325100000")
    base_svc = offices_text([CM, HOUMON, YOUGU, TSUSHO, SHORT])

    # ------------------------------------------------------------- output
    scenario("k01-plan-initial", "初回の居宅サービス計画（第1・2・3表と利用者補足情報）", "output", f"""
初めて居宅サービス計画を作成した利用者について、第1・2・3表と利用者補足情報を 試験訪問介護ステーション（1371000025、訪問介護 11）あてに出力する。
{users_text([P1])}
{offices_text([CM, HOUMON, YOUGU])}
- 居宅サービス計画作成（変更）日 2025年3月25日、初回居宅サービス計画作成日 2025年4月1日、計画書区分 初回（11）、認定済、認定有効期間 2025年4月1日～2026年3月31日
- 第2表：課題「一人での入浴が不安」に訪問介護（入浴介助）週2回と家族の見守り、課題「屋内の移動でふらつく」に福祉用具貸与（車いす）
- 第3表：訪問介護（身体介護）火・金 9:00～9:30、主な日常生活上の活動 起床・朝食 7:00～8:00、週単位以外のサービス 福祉用具貸与（車いす）と月1回の受診
""", cells=c22(K22, "出力", "①②④⑤"), expected=only(ps, P1))

    ch = only(ps, P1)
    ch = {k: [set_field(r, {"UP1KYO": 14, "UP2KYO": 5, "UP3KYO": 5, "UPHOSOKU": 4}[k.split("_")[0]], "20250520") for r in v]
          for k, v in ch.items()}
    ch = {k: ([set_field(set_field(r, 4, "20250520"), 16, "21") for r in v] if k.startswith("UP1KYO") else v) for k, v in ch.items()}
    k2 = [k for k in ch if k.startswith("UP2KYO")][0]
    ch[k2] = ch[k2] + mc.kyo2(INS1, P1, "20250520", [
        ("3", "日中の活動量が少ない", "1", "人と交流する", "週1回通所する", "2025/06/01～2026/03/31", "2025/06/01～2025/11/30",
         "1", "通所介護（機能訓練）", "Y", "通所介護", TSUSHO, "見本デイサービス", "週1回", "2025/06/01～2025/11/30")])
    ch[k2] = [set_field(r, 4, "20250520") for r in ch[k2]]
    ch = retime(ch, "20250520090000")
    scenario("k02-plan-change", "居宅サービス計画の変更（通所介護の追加）", "output", f"""
k01 の利用者の計画を2025年5月20日に変更し、通所介護を加える。変更後の第1・2・3表と利用者補足情報を出力する。
{users_text([P1])}
{offices_text([CM, HOUMON, YOUGU, TSUSHO])}
- 居宅サービス計画作成（変更）日 2025年5月20日、計画書区分 継続（21）。第1表の作成年月日も 2025年5月20日
- 第2表：k01 の内容に、課題「日中の活動量が少ない」（課題No.3）、短期目標「週1回通所する」、通所介護（機能訓練）週1回 2025年6月1日～ を加える
""", cells=c22(K22, "出力", "①②④⑤"), expected=ch)

    seiho = {**only(ps, P2), **only(us, P2)}
    scenario("k03-seiho-tandoku", "生活保護単独の利用者（被保険者番号 H＋9桁）", "output", f"""
生活保護単独の利用者について、計画（第1・2・3表、利用者補足情報）と2025年4月の第6表・第7表・利用者補足情報を出力する。被保険者番号は H から始まる10文字。
{users_text([P2])}
{offices_text([CM, HOUMON, TSUSHO, SHORT])}
- 計画作成日 2025年3月25日、計画書区分 継続（21）
- 4月：通所介護（151111、658単位）4月3日・10日 9:30～16:30、短期入所生活介護（211111、603単位）4月20日、前月までの短期入所利用日数 3日
""", cells=c22(K22, "出力", "①②④⑤") + c22(K22, "出力", "⑥⑦⑪"), expected=seiho)

    scenario("k04-use-slip-several-providers", "複数のサービス事業所を含む第6表・第7表", "output", f"""
2025年4月のサービス利用票（第6表）、別表（第7表）、利用者補足情報を、訪問介護事業所あてに出力する。第6表・第7表には送信先に関わらず全ての事業所のサービスを載せる。
{users_text([P1, P2])}
{base_svc}
- {USERS[P1][0]}：訪問介護 身体介護（111111、244単位）4月1日・8日・15日・22日 9:00～9:30、福祉用具貸与 車いす（171001、600単位、TAISコード 00170-000123、自走式車いす　ＫＸ－１）4月1日
- {USERS[P2][0]}：通所介護（151111、658単位）4月3日・10日 9:30～16:30、短期入所生活介護（211111、603単位）4月20日、前月までの短期入所利用日数 3日
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=us)

    # 福祉用具貸与: two 手すり of the same code and units, told apart by 明細判別コード.
    m = "202504"
    pl = [
        plan(INS1, P1, m, "20250401", "9999", "9999", "171007", "300", YOUGU, "見本福祉用具サービス", tais="00421-000035", yname="据置型手すり　ＴＥ－２", meisai="1"),
        plan(INS1, P1, m, "20250401", "9999", "9999", "171007", "300", YOUGU, "見本福祉用具サービス", tais="00421-000036", yname="据置型手すり　ＴＥ－３", meisai="2"),
        plan(INS1, P1, m, "20250401", "9999", "9999", "171001", "600", YOUGU, "見本福祉用具サービス", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
    ]
    sk = priced([
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171007", "300", "1", tais="00421-000035", yname="据置型手すり　ＴＥ－２"),
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171007", "300", "1", tais="00421-000036", yname="据置型手すり　ＴＥ－３"),
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
        subtotal(INS1, P1, m, "見本福祉用具サービス", YOUGU, "17", "1200"),
        sikyu(INS1, P1, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="1200"),
    ])
    ts = "20250325110000"
    eq = {
        name("UPPLAN", m, CM, "43", YOUGU, "17", ts=ts): pl,
        name("UPSIKYU", m, CM, "43", YOUGU, "17", ts=ts): sk,
        name("UPHOSOKU", m, CM, "43", YOUGU, "17", ts=ts): [hosoku(m, INS1, P1, "ミホン ハナコ", "見本 花子", "2", "19400512", "")],
    }
    scenario("k05-welfare-equipment", "福祉用具貸与：TAISコードと明細判別コード", "output", f"""
2025年4月、福祉用具貸与事業所あてに第6表・第7表・利用者補足情報を出力する。同じサービスコード・同じ単位数の手すりが2か所（居室・廊下）あり、明細判別コード 1・2 で区別する。第7表には福祉用具貸与の種類別小計（17AAAA）を付ける。
{users_text([P1])}
{offices_text([CM, YOUGU])}
- 手すり貸与（171007、300単位）居室：TAISコード 00421-000035「据置型手すり　ＴＥ－２」、明細判別コード 1
- 手すり貸与（171007、300単位）廊下：TAISコード 00421-000036「据置型手すり　ＴＥ－３」、明細判別コード 2
- 車いす貸与（171001、600単位）：TAISコード 00170-000123「自走式車いす　ＫＸ－１」
- サービス利用日はいずれも 4月1日、時刻なし（9999）
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=eq)

    # 短期入所: 前月までの利用日数.
    pl = [plan(INS2, P2, m, "202504" + d, "9999", "9999", "211111", "603", SHORT, "見本ショートステイ", short_days="5") for d in ("20", "21", "22")]
    s1 = sikyu(INS2, P2, m, "見本ショートステイ", SHORT, "211111", "603", "3")
    s1 = set_field(set_field(set_field(s1, 30, "5"), 31, "3"), 32, "8")
    sk = priced([s1, sikyu(INS2, P2, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(603 * 3))])
    ts = "20250325120000"
    eq = {
        name("UPPLAN", m, CM, "43", SHORT, "21", ts=ts): pl,
        name("UPSIKYU", m, CM, "43", SHORT, "21", ts=ts): sk,
        name("UPHOSOKU", m, CM, "43", SHORT, "21", ts=ts): [hosoku(m, INS2, P2, "シケン イチロウ", "試験 一郎", "1", "19450101", "")],
    }
    scenario("k06-short-stay", "短期入所：前月までの利用日数", "output", f"""
2025年4月、短期入所生活介護事業所あてに第6表・第7表・利用者補足情報を出力する。3月までに短期入所を5日利用している。
{users_text([P2])}
{offices_text([CM, SHORT])}
- 短期入所生活介護（211111、603単位）4月20日・21日・22日、時刻なし（9999）、前月までの短期入所利用日数 5日
- 第7表：回数／日数 3、前月までの利用日数 5、当月の計画利用日数 3、累積利用日数 8
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=eq)

    # 日割: 定期巡回 from the 10th.
    days = "0" * 9 + "1" * 21 + "0"
    p = plan(INS1, P3, m, "20250410", "9999", "9999", "761111", "11058", TEIKI, "見本定期巡回センター")
    p = set_field(p, 11, days)
    sk = priced([sikyu(INS1, P3, m, "見本定期巡回センター", TEIKI, "761111", "11058", "1"),
                 sikyu(INS1, P3, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="11058")])
    ts = "20250410090000"
    h = hosoku(m, INS1, P3, "ミホン ジロウ", "見本 次郎", "1", "19381103", "")
    h = with_level(h, "23")
    eq = {
        name("UPPLAN", m, CM, "43", TEIKI, "76", ts=ts): [p],
        name("UPSIKYU", m, CM, "43", TEIKI, "76", ts=ts): sk,
        name("UPHOSOKU", m, CM, "43", TEIKI, "76", ts=ts): [h],
    }
    scenario("k07-hiwari", "日割：月の途中からの定期巡回・随時対応型訪問介護看護", "output", f"""
2025年4月10日から定期巡回・随時対応型訪問介護看護の利用を始めた利用者について、第6表・第7表・利用者補足情報を出力する。月額のサービスを4月10日～30日で日割りする。
{users_text([P3])}
{offices_text([CM, TEIKI])}
- 定期巡回・随時対応型訪問介護看護（761111、日割後 11058単位）サービス利用日 4月10日、時刻なし（9999）
- 日割対象日：10日～30日が 1（{days}）
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=eq)

    scenario("k08-out-of-scope", "連携対象外のサービスを出力しない", "output", f"""
k04 の利用者 {USERS[P1][0]} が、4月15日に特定福祉用具販売（入浴用いす）も利用した。製品にはそのとおり入力するが、特定福祉用具販売（41）は連携対象外のため、第6表・第7表に載せてはならない。出力は {USERS[P1][0]} 分の第6表・第7表・利用者補足情報。
{users_text([P1])}
{offices_text([CM, HOUMON, YOUGU])}
- 訪問介護 身体介護（111111、244単位）4月1日・8日・15日・22日 9:00～9:30、福祉用具貸与 車いす（171001、600単位、TAISコード 00170-000123）
- 特定福祉用具販売 入浴用いす 4月15日（出力しない）
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=only(us, P1))

    ft = only(ps, P1)
    k1 = [k for k in ft if k.startswith("UP1KYO")][0]
    ft[k1] = [set_field(set_field(r, 22, q('本人：「家で、できるだけ自分で」\r\n長女：「夜間の転倒が心配」、「入浴は手伝ってほしい」')),
                        24, q('①入浴は週2回、訪問介護で。\r\n②夜間はポータブルトイレを使い、"転ばない"工夫をする。')) for r in ft[k1]]
    ft = retime(ft, "20250326090000")
    scenario("k09-free-text", "フリーテキスト：カンマ・ダブルクォート・改行", "output", f"""
k01 の計画のうち、第1表の「利用者及び家族の生活に対する意向を踏まえた課題分析の結果」と「総合的な援助の方針」を、次の文面（改行・読点・カンマ・かぎかっこ・ダブルクォートを含む）で入力して出力する。
{users_text([P1])}
- 課題分析の結果：1行目「本人：「家で、できるだけ自分で」」2行目「長女：「夜間の転倒が心配」、「入浴は手伝ってほしい」」
- 総合的な援助の方針：1行目「①入浴は週2回、訪問介護で。」2行目「②夜間はポータブルトイレを使い、"転ばない"工夫をする。」（" は半角）
""", cells=c22(K22, "出力", "①②④⑤"), expected=ft)

    may = mc.use_set("202505", ts="20250425100000")
    scenario("k10-month-change", "月の変わり目：翌月（5月）の第6表・第7表", "output", f"""
k04 と同じ利用者・サービスで、2025年5月分のサービス利用票を作成して出力する（対象年月 202505、ファイル名の年月も 202505）。日付は5月の同じ日。
{users_text([P1, P2])}
{base_svc}
- 5月1日・8日・15日・22日の訪問介護、5月1日の福祉用具貸与、5月3日・10日の通所介護、5月20日の短期入所
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=may)

    scenario("k11-delete-table1", "第1表の削除", "output", f"""
k01 の計画（居宅サービス計画作成（変更）日 2025年3月25日）を取り下げ、第1表の削除ファイルを出力する。
{users_text([P1])}
""", cells=c22(K22, "出力", "③"), expected={name("DLT1KYO", None, CM, "43", HOUMON, "11", ts="20250327090000"): [rec([V, INS1, P1, "20250325"])]})

    scenario("k12-delete-use-slip", "第6表（予定）の削除", "output", f"""
2025年4月の訪問介護の予定がなくなったため、第6表の削除ファイル（削除対象年月 202504）を訪問介護事業所あてに出力する。
{users_text([P1])}
""", cells=c22(K22, "出力", "⑧"), expected={name("DLTPLAN", "202504", CM, "43", HOUMON, "11", ts="20250327100000"): [rec([V, INS1, P1, "202504"])]})

    def itaku_slip(receiver, rkind, ts, sender=CM, skind="43"):
        """例示 冬子's 2025年4月 利用票・別表・補足, written by the 委託先 居宅介護支援事業所."""
        pl = [plan(INS1, P6, m, m + d, "1400", "1430", "631111", "303", KANGO, "見本訪問看護ステーション") for d in ("08", "22")]
        sk = priced([sikyu(INS1, P6, m, "見本訪問看護ステーション", KANGO, "631111", "303", "2"),
                     sikyu(INS1, P6, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="606")])
        h = with_level(hosoku(m, INS1, P6, "レイジ フユコ", "例示 冬子", "2", "19441205", ""), "13")
        h = set_field(set_field(h, 59, ""), 20, "63")
        return {
            name("UPPLAN", m, sender, skind, receiver, rkind, ts=ts): pl,
            name("UPSIKYU", m, sender, skind, receiver, rkind, ts=ts): sk,
            name("UPHOSOKU", m, sender, skind, receiver, rkind, ts=ts): [h],
        }

    def itaku_jisseki(receiver, rkind, ts, sender, skind, updater):
        """例示 冬子's 2025年4月 実績 (介護予防訪問看護, as planned)."""
        return {name("UPJSK", m, sender, skind, receiver, rkind, ts=ts): [
            plan(INS1, P6, m, m + d, "1400", "1430", "631111", "303", KANGO, "見本訪問看護ステーション", updater=updater)
            for d in ("08", "22")]}

    k13 = itaku_slip(KANGO, "63", "20250325130000")
    itaku_text = f"""{users_text([P6])}
- 介護予防訪問看護（631111、303単位）4月8日・22日 14:00～14:30
- 利用者補足情報の要介護状態区分 13（要支援２）、サービス種類別限度額の1枠目 63"""
    scenario("k13-yoshien", "要支援の利用者（介護予防サービス）", "output", f"""
地域包括支援センターから委託を受けた要支援２の利用者について、2025年4月の第6表・第7表・利用者補足情報を介護予防訪問看護事業所あてに出力する。
{itaku_text}
{offices_text([CM, KANGO])}
""", cells=c22(K22, "出力", "⑥⑦⑪") + c32(I32, "出力", "⑤⑥⑩"), expected=k13)

    # ------------------------------------------------------------- import
    js = mc.jisseki_set()
    scenario("k21-import-jisseki", "実績の取込", "import", f"""
訪問介護事業所から届いた2025年4月の実績（UPJSK）を取り込み、製品の画面で {USERS[P1][0]} の訪問介護 4月1日・8日・15日 9:05～9:35 が実績として表示されることを確かめる。
""", cells=c22(K22, "取込", "⑨"), imports=js)
    scenario("k22-import-delete-jisseki", "実績の削除の取込", "import", f"""
訪問介護事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、訪問介護）を取り込み、{USERS[P1][0]} の4月の訪問介護の実績が消えることを確かめる。
""", cells=c22(K22, "取込", "⑩"), imports=mc.delete_sets()["DLTJSK"])
    scenario("s01-import-plan", "居宅サービス計画（第1・2・3表と利用者補足情報）の取込", "import", f"""
居宅介護支援事業所から届いた計画（第1・2・3表、利用者補足情報）を取り込み、2名分の計画（課題・目標・サービス内容・週間計画）が製品で読めることを確かめる。
{users_text([P1, P2])}
""", cells=c22(S22, "取込", "①②④⑤"), imports=ps)
    reply = {}
    for k, v in mc.jisseki_set().items():
        reply[k] = [set_field(set_field(r, 12, "0900"), 13, "0930") for r in v]
    rk = list(reply)[0]
    reply[rk] = reply[rk] + [set_field(set_field(
        plan(INS1, P1, "202504", "20250422", "0900", "0930", "111111", "244", HOUMON, "試験訪問介護ステーション", updater=HOUMON), 12, "0900"), 13, "0930")]
    scenario("s02-import-use-slip-reply-jisseki", "第6表の取込と実績の返信", "import", f"""
居宅介護支援事業所から届いた2025年4月の第6表・第7表・利用者補足情報を取り込む。自事業所（試験訪問介護ステーション 1371000025）のサービスを予定どおり提供したものとして、同じ利用者・サービス・日・時刻の実績（UPJSK）を居宅介護支援事業所（1371000017、43）あてに出力する。
{users_text([P1])}
- 訪問介護 身体介護（111111、244単位）4月1日・8日・15日・22日 9:00～9:30
""", cells=c22(S22, "取込", "⑥⑦⑪") + c22(S22, "出力", "⑨"), imports=us, expected=reply, reply=True)
    scenario("s03-import-delete-plan", "第6表（予定）の削除の取込", "import", f"""
居宅介護支援事業所から届いた第6表の削除（DLTPLAN、削除対象年月 202504）を取り込み、{USERS[P1][0]} の4月の予定と第7表が消えることを確かめる。
""", cells=c22(S22, "取込", "⑧"), imports=mc.delete_sets()["DLTPLAN"])
    scenario("s04-import-delete-table1", "第1表の削除の取込", "import", f"""
居宅介護支援事業所から届いた第1表の削除（DLT1KYO）を取り込み、{USERS[P1][0]} の計画（2025年3月25日作成）と、その第2表・第3表が消えることを確かめる。
""", cells=c22(S22, "取込", "③"), imports=mc.delete_sets()["DLT1KYO"])
    # ------------------------------------------------------- 介護予防 (3)
    kp = kihon_set(ts="20250325140000")
    kihon_text = f"""
{users_text([P4])}
- 相談日 2025年3月20日、計画種類 介護予防支援（1）、相談方法 来所、初回、在宅、要介護状態区分 12（要支援１）、認定有効期間 2025年3月1日～2026年2月28日
- 別表1（1日の生活）：6:30 起床・ラジオ体操、7:30 朝食（長女が準備）、10:00 散歩（30分）
- 別表2（現病歴・既往歴）：R3年4月 変形性膝関節症（見本整形外科、主治医、治療中）、H30年 高血圧症（見本内科、経過観察中）
- 家族構成の画像（JPEG）を1枚付け、利用者基本情報の家族構成 画像ファイル名にその名前を記す
- 計画作成日 2025年3月25日、課題「膝の痛みで外出が減っている」に支援計画2つ（歩行の安定：介護予防訪問看護・介護予防福祉用具貸与、閉じこもり予防：地域の通いの場）
"""
    scenario("y01-kihon-and-plan", "委託なし：利用者基本情報（別表・家族構成画像）と介護予防サービス・支援計画書", "output", f"""
地域包括支援センターが自ら（委託なし）作成した利用者基本情報と介護予防サービス・支援計画書を、介護予防訪問看護事業所あてに同じ送信単位で出力する。
{offices_text([HOUKATSU, KANGO])}{kihon_text}""", cells=c32(H32, "出力", "①③"), expected=kp)
    m = "202504"
    ts_y = "20250325150000"

    def yobo_slip(person, kana, nm, sex, birth, level, code, units, days, office, oname, rkind, times=("1000", "1030")):
        pl = [set_field(set_field(plan(INS1, person, m, m + d, times[0], times[1], code, units, office, oname, updater=HOUKATSU), 6, HOUKATSU), 7, q("見本 包括子")) for d in days]
        sk = [set_field(r, 36, HOUKATSU) for r in priced([
            sikyu(INS1, person, m, oname, office, code, units, str(len(days))),
            sikyu(INS1, person, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(int(units) * len(days)))])]
        h = set_field(with_level(hosoku(m, INS1, person, kana, nm, sex, birth, ""), level), 20, code[:2])
        h = set_field(set_field(set_field(h, 59, ""), 60, HOUKATSU), 61, HOUKATSU)
        return {
            name("UPPLAN", m, HOUKATSU, "46", office, rkind, ts=ts_y): pl,
            name("UPSIKYU", m, HOUKATSU, "46", office, rkind, ts=ts_y): sk,
            name("UPHOSOKU", m, HOUKATSU, "46", office, rkind, ts=ts_y): [h],
        }

    y2 = yobo_slip(P4, "レイジ ハルコ", "例示 春子", "2", "19420320", "12", "631111", "303", ("07", "21"), KANGO, "見本訪問看護ステーション", "63")
    scenario("y02-use-slip-yobo", "要支援の利用者のサービス利用票（介護予防）", "output", f"""
地域包括支援センターが、要支援１の利用者の2025年4月のサービス利用票・別表・利用者補足情報を介護予防訪問看護事業所あてに出力する。
{users_text([P4])}
{offices_text([HOUKATSU, KANGO])}
- 介護予防訪問看護（631111、303単位）4月7日・21日 10:00～10:30
""", cells=c32(H32, "出力", "⑤⑥⑩"), expected=y2)
    y3 = yobo_slip(P5, "レイジ ナツオ", "例示 夏夫", "1", "19470808", "06", "A51111", "436", ("02", "09", "16", "23"), SOGO, "見本通所サービス", "A5", ("1000", "1500"))
    scenario("y03-sogo-jigyo-taishosha", "総合事業のみ・事業対象者のサービス利用票", "output", f"""
基本チェックリストで事業対象者となった利用者が、総合事業の通所介護相当サービスだけを使う。2025年4月のサービス利用票・別表・利用者補足情報を通所サービス事業所あてに出力する（介護予防給付のサービスはない）。
{users_text([P5])}
{offices_text([HOUKATSU, SOGO])}
- 通所介護相当サービス（A51111、436単位）4月2日・9日・16日・23日 10:00～15:00
- 利用者補足情報の要介護状態区分 06（事業対象者）、サービス種類別限度額の1枠目 A5
""", cells=c32(H32, "出力", "⑤⑥⑩"), expected=y3)
    kj = kihon_set(ts="20250325160000", with_yobo=False, image=False)
    kname = [k for k in kj if k.startswith("UPKIHON_")][0]
    kj = {k.replace("_1371000082_63_", "_1371000108_A5_"): v for k, v in kj.items()}
    kk = [k for k in kj if k.startswith("UPKIHON_") and not k.startswith("UPKIHON_SUB")][0]
    kj[kk] = [set_field(set_field(set_field(set_field(set_field(set_field(set_field(r, 3, P5), 5, "2"), 14, q("レイジ ナツオ")), 15, q("例示 夏夫")), 16, "1"), 17, "19470808"), 23, "01") for r in kj[kk]]
    kj[kk] = [set_field(r, 27, "1") for r in kj[kk]]
    for k in kj:
        if k.startswith("UPKIHON_SUB"):
            kj[k] = [set_field(r, 3, P5) for r in kj[k]]
    kj = {k: [set_field(r, 71, q("例示 夏夫")) if k == kk else r for r in v] for k, v in kj.items()}
    scenario("y04-jigyo-taishosha-kihon", "事業対象者の利用者基本情報（介護予防ケアマネジメント）", "output", f"""
要介護認定を受けず、基本チェックリストで事業対象者となった利用者の利用者基本情報（別表1・2、画像なし）を、通所サービス事業所あてに出力する。
{users_text([P5])}
{offices_text([HOUKATSU, SOGO])}
- 計画種類 介護予防ケアマネジメント（2）、要介護状態区分 01（非該当）、基本チェックリスト記入結果 1（事業対象者の該当あり）、記入日 2025年3月20日
- 別表1・別表2は k 系と同じ内容（6:30 起床…、変形性膝関節症…）
""", cells=c32(H32, "出力", "①"), expected=kj)
    # ------------------------------------------- 委託あり (例示 冬子, 本文3.1)
    itaku_kihon = """
- 相談日 2025年3月20日、計画種類 介護予防支援（1）、委託の有無 2（委託）、相談方法 来所、初回、在宅、要介護状態区分 13（要支援２）、認定有効期間 2025年3月1日～2026年2月28日
- 別表1（1日の生活）：6:30 起床・ラジオ体操、7:30 朝食（長女が準備）、10:00 散歩（30分）
- 別表2（現病歴・既往歴）：R3年4月 変形性膝関節症（見本整形外科、主治医、治療中）、H30年 高血圧症（見本内科、経過観察中）
- 家族構成の画像（JPEG）を1枚付け、利用者基本情報の家族構成 画像ファイル名にその名前を記す
- 計画作成日 2025年3月25日、課題「膝の痛みで外出が減っている」に支援計画2つ（歩行の安定：介護予防訪問看護・介護予防福祉用具貸与、閉じこもり予防：地域の通いの場）。別表は課題ＮＯ・支援計画ＮＯ・利用サービスＮＯを全ての行に記入する（1-1-1、1-1-2、1-2-1）
"""
    ki = kihon_set(sender=CM, skind="43", receiver=HOUKATSU, rkind="46", itaku="2", ts="20250325170000", person=P6)
    scenario("y11-itaku-kihon-and-plan", "委託あり：委託を受けた居宅介護支援事業所から地域包括支援センターへ", "output", f"""
地域包括支援センターから委託を受けた居宅介護支援事業所が作成した利用者基本情報と介護予防サービス・支援計画書（委託の有無 2:委託）を、委託元の地域包括支援センターあてに出力する。
{users_text([P6])}
{offices_text([CM, HOUKATSU])}{itaku_kihon}""", cells=c32(I32, "出力", "①③"), expected=ki)

    relay = {**itaku_slip(HOUKATSU, "46", "20250502085900"),
             **itaku_jisseki(HOUKATSU, "46", "20250502090000", CM, "43", CM)}
    scenario("y15-itaku-relay-yotei-jisseki", "委託あり：実績に予定を付けて地域包括支援センターへ共有", "output", f"""
委託を受けた居宅介護支援事業所が、介護予防訪問看護事業所から受けた2025年4月の実績を取り込んだうえで、その月のサービス利用票（予定）・別表・利用者補足情報と実績を、委託元の地域包括支援センターあてに出力する（本文5.2.2.1 「実績票に予定情報を付けて共有する」、本文3.1 「サービス利用票・予定と実績の CSV ファイルを出力し、地域包括支援センターへ共有する」）。予定の送信単位（本文3.4 (4)）と実績（(8)）はそれぞれの送信単位で、ファイル連番を分ける（予定 20250502085900、実績 20250502090000 の順）。
{itaku_text}
{offices_text([CM, HOUKATSU, KANGO])}
- 実績は予定どおり（4月8日・22日 14:00～14:30）
""", cells=c32(I32, "出力", "⑤⑥⑧⑩"), expected=relay)

    y14 = itaku_jisseki(CM, "43", "20250501100000", KANGO, "63", KANGO)
    scenario("y14-itaku-import-jisseki", "委託あり：介護予防・総合事業サービス事業所からの実績の取込", "import", f"""
介護予防訪問看護事業所から届いた2025年4月の実績（委託先の居宅介護支援事業所あて）を取り込み、{USERS[P6][0]} の4月8日・22日 14:00～14:30 の実績が表示されることを確かめる（本文3.1 「サービス利用票・実績については、介護予防・総合事業サービス事業所にて…出力し、委託先の居宅介護支援事業所にファイルを送付する」）。
{users_text([P6])}
""", cells=c32(I32, "取込", "⑧"), imports=y14)

    feb = kihon_set(sender=HOUKATSU, skind="46", receiver=CM, rkind="43", itaku="2", ts="20250226100000", person=P6,
                    soudan="20250220", plan_date="20250225")
    scenario("y23-itaku-import-kihon-and-plan", "委託あり：地域包括支援センターが作成した利用者基本情報と計画書の取込", "import", f"""
地域包括支援センターが作成した委託の利用者の利用者基本情報（別表1・2、家族構成画像）と介護予防サービス・支援計画書（相談日 2025年2月20日、計画作成日 2025年2月25日、委託の有無 2）が、委託元の地域包括支援センターから委託先の居宅介護支援事業所あてに届く。取り込み、家族構成の画像が利用者に結びついて表示されることを確かめる（本文3.1 「利用者基本情報、介護予防サービス・支援計画書を地域包括支援センターで作成した場合は、地域包括支援センターにて…出力し、居宅介護支援事業所にファイルを送付する。」）。
{users_text([P6])}
""", cells=c32(I32, "取込", "①③"), imports=feb)

    scenario("y16-itaku-delete-kihon-and-plan", "委託あり：利用者基本情報と計画書の削除", "output", f"""
y11 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）を取り下げ、それぞれの削除ファイルを委託元の地域包括支援センターあてに出力する。
{users_text([P6])}
""", cells=c32(I32, "出力", "②④"), expected={
        name("DLTKIHON", None, CM, "43", HOUKATSU, "46", ts="20250327090000"): [rec([V, INS1, P6, "20250320"])],
        name("DLTYOBO", None, CM, "43", HOUKATSU, "46", ts="20250327090100"): [rec([V, INS1, P6, "20250325"])]})
    itaku_del_feb = {
        name("DLTKIHON", None, HOUKATSU, "46", CM, "43", ts="20250305090000"): [rec([V, INS1, P6, "20250220"])],
        name("DLTYOBO", None, HOUKATSU, "46", CM, "43", ts="20250305090100"): [rec([V, INS1, P6, "20250225"])]}
    scenario("y17-itaku-import-delete-kihon-and-plan", "委託あり：利用者基本情報と計画書の削除の取込", "import", f"""
y23 の利用者基本情報（相談日 2025年2月20日）と介護予防サービス・支援計画書（計画作成日 2025年2月25日）の削除ファイルが地域包括支援センターから届く。取り込み、その基本情報（別表・画像を含む）と計画書（別表を含む）が消えることを確かめる。
{users_text([P6])}
""", cells=c32(I32, "取込", "②④"), imports=itaku_del_feb)
    scenario("y18-itaku-delete-use-slip", "委託あり：サービス利用票（予定）の削除", "output", f"""
{USERS[P6][0]} の2025年4月の介護予防訪問看護の予定がなくなったため、サービス利用票の削除ファイル（削除対象年月 202504）を介護予防訪問看護事業所あてに出力する。
{users_text([P6])}
""", cells=c32(I32, "出力", "⑦"), expected={
        name("DLTPLAN", "202504", CM, "43", KANGO, "63", ts="20250327100000"): [rec([V, INS1, P6, "202504"])]})
    scenario("y19-itaku-relay-delete-jisseki", "委託あり：実績の削除の取込と地域包括支援センターへの共有", "import", f"""
介護予防訪問看護事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、サービス事業者コード 1371000082、サービス種類 63）を取り込み、{USERS[P6][0]} の4月の実績が消えることを確かめたうえで、同じ削除を委託元の地域包括支援センターあてに出力する。
{users_text([P6])}
""", cells=c32(I32, "取込", "⑨") + c32(I32, "出力", "⑨"), reply=True,
        imports={name("DLTJSK", "202504", KANGO, "63", CM, "43", ts="20250505090000"): [rec([V, INS1, P6, "202504", KANGO, "63"])]},
        expected={name("DLTJSK", "202504", CM, "43", HOUKATSU, "46", ts="20250505100000"): [rec([V, INS1, P6, "202504", KANGO, "63"])]})
    y20 = {}
    for k, v in itaku_slip(CM, "43", "20250320110000", sender=HOUKATSU, skind="46").items():
        v = [r.replace(CM, HOUKATSU) for r in v]
        y20[k] = [set_field(r, 7, q("見本 包括子")) for r in v] if k.startswith("UPPLAN") else v
    scenario("y20-itaku-import-use-slip", "委託あり：地域包括支援センターからのサービス利用票・別表・利用者補足情報の取込", "import", f"""
委託の開始にあたり、委託元の地域包括支援センターが作成していた2025年4月のサービス利用票・別表・利用者補足情報が委託先の居宅介護支援事業所あてに届く。取り込み、{USERS[P6][0]} の4月の予定と限度額の管理（利用者補足情報）が表示されることを確かめる。本文3.2 表(2) ⑤ 居宅介護支援事業所向け 取込 の ○ は、その位置から読めるものの本文に流れの記述がなく、この表の読みでは任意として扱う（roles.json の decision）。
{itaku_text}
""", cells=c32(I32, "取込", "⑤"), imports=y20)

    # 地域包括支援センター等: the 委託先's relay, and the optional deletions.
    scenario("y34-import-itaku-relay", "委託あり：委託先からの予定と実績の取込（地域包括支援センター）", "import", f"""
委託先の居宅介護支援事業所から届いた2025年4月のサービス利用票（予定）・別表・利用者補足情報と実績（y15 が出力するもの）を取り込み、{USERS[P6][0]} の4月の予定・限度額の管理・実績が、地域包括支援センターが管理する予定と実績に反映されることを確かめる（本文3.2 表(2) の注記 「委託ありの場合は、居宅介護支援事業所が作成した予定情報が、地域包括支援センター等が管理する予定情報に自動反映されること等を想定している。」）。
{itaku_text}
""", cells=c32(H32, "取込", "⑤⑥⑧⑩"), imports=relay)
    scenario("y35-import-itaku-delete-kihon-and-plan", "委託先からの利用者基本情報と計画書の削除の取込", "import", f"""
委託先の居宅介護支援事業所から届いた、y11 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）の削除ファイルを取り込み、それらが消えることを確かめる。
{users_text([P6])}
""", cells=c32(H32, "取込", "②④"), imports={
        name("DLTKIHON", None, CM, "43", HOUKATSU, "46", ts="20250327090000"): [rec([V, INS1, P6, "20250320"])],
        name("DLTYOBO", None, CM, "43", HOUKATSU, "46", ts="20250327090100"): [rec([V, INS1, P6, "20250325"])]})
    dltjsk_63 = {name("DLTJSK", "202504", KANGO, "63", HOUKATSU, "46", ts="20250505090000"): [rec([V, INS1, P4, "202504", KANGO, "63"])]}
    scenario("y36-import-delete-jisseki", "実績の削除の取込（地域包括支援センター）", "import", f"""
介護予防訪問看護事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、サービス事業者コード 1371000082、サービス種類 63）を取り込み、{USERS[P4][0]} の4月の実績が消えることを確かめる。
{users_text([P4])}
""", cells=c32(H32, "取込", "⑨"), imports=dltjsk_63)
    dltplan_46 = {name("DLTPLAN", "202504", HOUKATSU, "46", KANGO, "63", ts="20250327100000"): [rec([V, INS1, P4, "202504"])]}
    scenario("y37-delete-use-slip", "サービス利用票（予定）の削除（地域包括支援センター）", "output", f"""
{USERS[P4][0]} の2025年4月の介護予防訪問看護の予定がなくなったため、サービス利用票の削除ファイル（削除対象年月 202504）を介護予防訪問看護事業所あてに出力する。
{users_text([P4])}
""", cells=c32(H32, "出力", "⑦"), expected=dltplan_46)
    scenario("y21-import-kihon-and-plan", "利用者基本情報と計画書の取込", "import", f"""
地域包括支援センターから届いた利用者基本情報（別表1・2、家族構成画像）と介護予防サービス・支援計画書を取り込み、家族構成の画像が利用者に結びついて表示されることを確かめる。
{users_text([P4])}
""", cells=c32(Y32, "取込", "①③"), imports=kp)
    reply = {name("UPJSK", m, KANGO, "63", HOUKATSU, "46", ts="20250502100000"): [
        set_field(set_field(plan(INS1, P4, m, m + d, "1000", "1030", "631111", "303", KANGO, "見本訪問看護ステーション", updater=KANGO), 6, HOUKATSU), 7, q("見本 包括子")) for d in ("07", "21")]}
    scenario("y22-import-use-slip-reply-jisseki", "介護予防の利用票の取込と実績の返信", "import", f"""
地域包括支援センターから届いた2025年4月のサービス利用票・別表・利用者補足情報を取り込み、予定どおり提供したものとして同じ利用者・サービス・日・時刻の実績を地域包括支援センターあてに出力する。
{users_text([P4])}
- 介護予防訪問看護（631111、303単位）4月7日・21日 10:00～10:30
""", cells=c32(Y32, "取込", "⑤⑥⑩") + c32(Y32, "出力", "⑧"), imports=y2, expected=reply, reply=True)
    scenario("y31-import-jisseki", "実績の取込（地域包括支援センター）", "import", f"""
介護予防訪問看護事業所から届いた2025年4月の実績を取り込み、{USERS[P4][0]} の4月7日・21日の実績が表示されることを確かめる。
""", cells=c32(H32, "取込", "⑧"), imports=reply)
    scenario("y32-import-itaku-plan", "委託先の計画の取込（地域包括支援センター）", "import", f"""
委託を受けた居宅介護支援事業所から届いた利用者基本情報と介護予防サービス・支援計画書（委託の有無 2、y11 が出力するもの）を取り込み、委託先の計画として確認できることを確かめる。
{users_text([P6])}
""", cells=c32(H32, "取込", "①③"), imports=ki)
    scenario("y33-delete-kihon-and-plan", "利用者基本情報と計画書の削除", "output", f"""
y01 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）を取り下げ、それぞれの削除ファイルを出力する。
{users_text([P4])}
""", cells=c32(H32, "出力", "②④"), expected={
        name("DLTKIHON", None, HOUKATSU, "46", KANGO, "63", ts="20250327090000"): [rec([V, INS1, P4, "20250320"])],
        name("DLTYOBO", None, HOUKATSU, "46", KANGO, "63", ts="20250327090100"): [rec([V, INS1, P4, "20250325"])]})

    # 介護予防・総合事業サービス事業所: the optional deletions and the 委託あり flow.
    scenario("y24-import-delete-kihon-and-plan", "利用者基本情報と計画書の削除の取込（介護予防・総合事業サービス事業所）", "import", f"""
地域包括支援センターから届いた、y21 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）の削除ファイル（y33 が出力するもの）を取り込み、それらが消えることを確かめる。
{users_text([P4])}
""", cells=c32(Y32, "取込", "②④"), imports={
        name("DLTKIHON", None, HOUKATSU, "46", KANGO, "63", ts="20250327090000"): [rec([V, INS1, P4, "20250320"])],
        name("DLTYOBO", None, HOUKATSU, "46", KANGO, "63", ts="20250327090100"): [rec([V, INS1, P4, "20250325"])]})
    scenario("y25-import-delete-use-slip", "サービス利用票（予定）の削除の取込（介護予防・総合事業サービス事業所）", "import", f"""
地域包括支援センターから届いたサービス利用票の削除（DLTPLAN、削除対象年月 202504）を取り込み、{USERS[P4][0]} の4月の予定と別表が消えることを確かめる。
{users_text([P4])}
""", cells=c32(Y32, "取込", "⑦"), imports=dltplan_46)
    scenario("y26-delete-jisseki", "実績の削除（介護予防・総合事業サービス事業所）", "output", f"""
{USERS[P4][0]} の2025年4月の介護予防訪問看護の実績を取り下げ、実績の削除ファイル（削除対象年月 202504、サービス事業者コード 1371000082、サービス種類 63）を地域包括支援センターあてに出力する。
{users_text([P4])}
""", cells=c32(Y32, "出力", "⑨"), expected=dltjsk_63)
    scenario("y27-itaku-import-use-slip-reply-jisseki", "委託あり：委託先からの利用票の取込と委託先への実績の返信", "import", f"""
委託先の居宅介護支援事業所（k13 が出力するもの）から届いた2025年4月のサービス利用票・別表・利用者補足情報を取り込み、予定どおり提供したものとして同じ利用者・サービス・日・時刻の実績を、その居宅介護支援事業所あてに出力する（本文3.1 「サービス利用票・実績については、介護予防・総合事業サービス事業所にて…出力し、委託先の居宅介護支援事業所にファイルを送付する」）。
{itaku_text}
""", cells=c32(Y32, "取込", "⑤⑥⑩") + c32(Y32, "出力", "⑧"), imports=k13,
        expected=itaku_jisseki(CM, "43", "20250501100000", KANGO, "63", KANGO), reply=True)

    # ------------------------------------------- defective imports to refuse
    csv_basis = ("別紙 各ファイル No.1 CSVバージョン: 4.1版は 202407（本文 更新履歴 4.0 版数 202504、4.1 「版数を 4.0 版発出月に変更」）。"
                 "202208 は 3.x版のもので、4.1版の様式（サービス種類コードを含むファイル名）の 2025年4月分には当たらない")
    enc_basis = "本文4.3 「Shift-JIS（MS932）とし、出力される CSV ファイルには、Shift-JIS（MS932）の範囲外の文字は含まないものとする。」"
    unit_basis = ("本文2.4 / 3.4 「下記ファイルの組み合わせをファイル送信の単位とし、各ファイルで同じファイル連番をつける。」"
                  "（2.4 (1)② / 3.4 (4) 「サービス利用票」「サービス利用票別表」「利用者補足情報」）")
    refuse_text = "取り込もうとして、製品が取り込みを拒む（画面やログにその旨が出る）ことを確かめ、attestation.toml に refused = true と、製品が表示したメッセージ（message）を書く。データの一部だけを取り込んだ状態にならないことも確かめる。"

    def old_version(files):
        return {k: [set_field(r, 1, "202208") for r in v] for k, v in files.items()}

    def bad_byte(files, kind, old):
        """The first character of the first `old` in the `kind` file becomes 0x85 0x40, a lead byte MS932 leaves
        unassigned."""
        out = {}
        for k, v in files.items():
            data = csv(v)
            if k.startswith(kind + "_"):
                assert old.encode("cp932") in data, (kind, old)
                data = data.replace(old.encode("cp932"), b"\x85\x40" + old[1:].encode("cp932"), 1)
            out[k] = data
        return out

    def broken_unit(files):
        return {k: v for k, v in files.items() if not k.startswith("UPSIKYU")}

    js_k = {k.replace("_20250325093000.", "_20250502080000."): v for k, v in mc.jisseki_set().items()}
    scenario("k31-refuse-csv-version", "取込拒否：CSVバージョンが 4.1版でない実績", "import", f"""
訪問介護事業所から届いた2025年4月の実績（UPJSK）の CSVバージョンが 202208（3.2版まで）になっている。4.1版の適用月（2025年4月）の実績としては不正である。{refuse_text}
{users_text([P1])}
""", basis=csv_basis, imports=old_version(js_k), refuse={"defect": "CSVバージョン 202208（4.1版は 202407）", "rules": ["FILE-CSV-VERSION-REVISION"]})
    scenario("k32-refuse-undecodable-byte", "取込拒否：MS932 として読めないバイトを含む実績", "import", f"""
訪問介護事業所から届いた2025年4月の実績（UPJSK）の 1件目のサービス事業者名に、MS932 で割り当てのないバイト列（0x85 0x40）が入っている。{refuse_text}
{users_text([P1])}
""", basis=enc_basis, imports=bad_byte(js_k, "UPJSK", "試験訪問介護ステーション"),
        refuse={"defect": "1件目 No.21 サービス事業者名に 0x85 0x40", "rules": ["ENC-UNDECODABLE"]})
    scenario("s31-refuse-broken-unit", "取込拒否：第7表のない送信単位", "import", f"""
居宅介護支援事業所から届いた2025年4月の送信単位に、第6表と利用者補足情報はあるが第7表（サービス利用票別表）がない。送信単位は「第６表」「第７表」「利用者補足情報」の組み合わせである。{refuse_text}
{users_text([P1, P2])}
""", basis=unit_basis, imports=broken_unit(mc.use_set(ts="20250325100000")), refuse={"defect": "第7表（UPSIKYU）がない", "rules": ["UNIT-MISSING-MEMBER"]})
    scenario("y41-refuse-csv-version", "取込拒否：CSVバージョンが 4.1版でない実績（地域包括支援センター）", "import", f"""
介護予防訪問看護事業所から届いた2025年4月の実績（UPJSK）の CSVバージョンが 202208 になっている。{refuse_text}
{users_text([P4])}
""", basis=csv_basis, imports=old_version({k.replace("_20250502100000.", "_20250502110000."): v for k, v in reply.items()}),
        refuse={"defect": "CSVバージョン 202208（4.1版は 202407）", "rules": ["FILE-CSV-VERSION-REVISION"]})
    scenario("y42-refuse-undecodable-byte", "取込拒否：MS932 として読めないバイトを含む実績（委託あり）", "import", f"""
介護予防訪問看護事業所から委託先の居宅介護支援事業所あてに届いた2025年4月の実績（UPJSK）の 1件目のサービス事業者名に、MS932 で割り当てのないバイト列（0x85 0x40）が入っている。{refuse_text}
{users_text([P6])}
""", basis=enc_basis, imports=bad_byte(itaku_jisseki(CM, "43", "20250501110000", KANGO, "63", KANGO), "UPJSK", "見本訪問看護ステーション"),
        refuse={"defect": "1件目 No.21 サービス事業者名に 0x85 0x40", "rules": ["ENC-UNDECODABLE"]})
    scenario("y43-refuse-broken-unit", "取込拒否：サービス利用票別表のない送信単位（介護予防）", "import", f"""
地域包括支援センターから届いた2025年4月の送信単位に、サービス利用票と利用者補足情報はあるがサービス利用票別表がない。{refuse_text}
{users_text([P4])}
""", basis=unit_basis, imports=broken_unit({k.replace("_20250325150000.", "_20250325151000."): v for k, v in y2.items()}),
        refuse={"defect": "サービス利用票別表（UPSIKYU）がない", "rules": ["UNIT-MISSING-MEMBER"]})

    # ------------------------------ 小規模多機能等の介護支援専門員 (本文1.3 / 1.4)
    def cm_sibling(prefix, office, okind, oname, person, own_code, own_units, own_label, level):
        """The plan, use slip and 実績 of a care manager of 小規模多機能型居宅介護 (73) or 看護小規模多機能型居宅介護
        (77): the same files as a 居宅介護支援事業所's, sent under the office's own service kind. The user's only
        other service is 福祉用具貸与 (17), which a 小規模多機能 user may combine."""
        nm, kana, sex_ja, birth_ja, _, level_ja = USERS[person]
        sex = "1" if sex_ja == "男性" else "2"
        birth = {"1936年7月7日": "19360707", "1939年5月5日": "19390505"}[birth_ja]

        def mine(files):
            out = {}
            for k, v in files.items():
                k = k.replace(f"_{CM}_43_", f"_{office}_{okind}_")
                out[k] = [r.replace(CM, office).replace("㈱見本ケアプランセンター", oname) for r in v]
            return out
        pd = "20250325"
        files = {
            name("UP1KYO", None, CM, "43", YOUGU, "17"): [kyo1(INS1, person, pd)],
            name("UP2KYO", None, CM, "43", YOUGU, "17"): mc.kyo2(INS1, person, pd, [
                ("1", "自宅での生活を続けたい", "1", "住み慣れた家で暮らす", "通いと泊まりを使い、自宅で過ごす", "2025/04/01～2026/03/31",
                 "2025/04/01～2025/09/30", "1", own_label + "（通い・訪問・宿泊）", "Y", own_label, office, oname, "通い週3回、訪問 毎日",
                 "2025/04/01～2025/09/30"),
                ("1", "", "1", "", "", "", "", "2", "車いすの貸与", "Y", "福祉用具貸与", YOUGU, "見本福祉用具サービス", "毎日",
                 "2025/04/01～2025/09/30")]),
            name("UP3KYO", None, CM, "43", YOUGU, "17"): mc.kyo3(INS1, person, pd, [
                (own_label + "（通い）", "1", "0930", "1530", "", "", "", ""),
                ("", "", "", "", "起床・朝食", "0700", "0800", ""),
                ("", "", "", "", "", "", "", "福祉用具貸与（車いす）")]),
            name("UPHOSOKU", "000000", CM, "43", YOUGU, "17"): [
                with_level(hosoku("000000", INS1, person, kana, nm, sex, birth, pd), level)],
        }
        plan_ts = f"202503251{'0' if okind == '73' else '1'}0000"
        plan_files = mine(retime(files, plan_ts))
        pl = [plan(INS1, person, m, "20250401", "9999", "9999", own_code, own_units, office, oname),
              plan(INS1, person, m, "20250401", "9999", "9999", "171001", "600", YOUGU, "見本福祉用具サービス",
                   tais="00170-000123", yname="自走式車いす　ＫＸ－１")]
        sk = priced([sikyu(INS1, person, m, oname, office, own_code, own_units, "1"),
                     sikyu(INS1, person, m, "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123",
                           yname="自走式車いす　ＫＸ－１"),
                     sikyu(INS1, person, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(int(own_units) + 600))])
        h = with_level(hosoku(m, INS1, person, kana, nm, sex, birth, ""), level)
        slip_ts = f"202503251{'0' if okind == '73' else '1'}3000"
        slip = mine({name("UPPLAN", m, CM, "43", YOUGU, "17", ts=slip_ts): pl,
                     name("UPSIKYU", m, CM, "43", YOUGU, "17", ts=slip_ts): sk,
                     name("UPHOSOKU", m, CM, "43", YOUGU, "17", ts=slip_ts): [h]})
        jsk = {name("UPJSK", m, YOUGU, "17", office, okind, ts="20250501090000"): [
            plan(INS1, person, m, "20250401", "9999", "9999", "171001", "600", YOUGU, "見本福祉用具サービス",
                 tais="00170-000123", yname="自走式車いす　ＫＸ－１", updater=YOUGU).replace(CM, office)]}
        who = f"""{users_text([person])}
- {oname}（{own_label} {okind}）：事業所番号 {office}。利用者の居宅サービス計画は、この事業所の介護支援専門員が作成する（本文1.3 「居宅介護支援事業所等（小規模多機能等の介護支援専門員の配置義務のある居宅サービスを含む）」）
{offices_text([YOUGU])}"""
        services = f"- {own_label}（{own_code}、月額 {own_units}単位）2025年4月1日～、福祉用具貸与 車いす（171001、600単位、TAISコード 00170-000123、自走式車いす　ＫＸ－１）4月1日"
        ids = [f"{prefix}01-plan", f"{prefix}02-use-slip", f"{prefix}21-import-jisseki",
               f"{prefix}11-delete-table1", f"{prefix}12-delete-use-slip", f"{prefix}22-import-delete-jisseki"]
        scenario(ids[0], f"{own_label}の介護支援専門員：居宅サービス計画（第1・2・3表と利用者補足情報）", "output", f"""
{own_label}の介護支援専門員が作成した居宅サービス計画（計画作成日 2025年3月25日、初回）の第1・2・3表と利用者補足情報を、福祉用具貸与事業所あてに出力する。送信元のサービス種類は {okind}。
{who}
- 第2表：課題「自宅での生活を続けたい」（課題ＮＯ 1）に {own_label}（援助内容ＮＯ 1）と福祉用具貸与 車いす（援助内容ＮＯ 2）。全ての行に課題ＮＯ・援助目標ＮＯ・援助内容ＮＯを記入する
- 第3表：{own_label}（通い）月曜 9:30～15:30、起床・朝食 7:00～8:00、週単位以外のサービス 福祉用具貸与（車いす）
""", cells=c22(K22, "出力", "①②④⑤"), expected=plan_files)
        scenario(ids[1], f"{own_label}の介護支援専門員：サービス利用票・別表・利用者補足情報", "output", f"""
2025年4月のサービス利用票（第6表）・別表（第7表）・利用者補足情報を福祉用具貸与事業所あてに出力する。第6表・第7表には自事業所の {own_label} も載せる（本文2.6 「送信先のサービス事業所に関わらず関係する全てのサービス事業所のサービスを出力する」）。
{who}
{services}
""", cells=c22(K22, "出力", "⑥⑦⑪"), expected=slip)
        scenario(ids[2], f"{own_label}の介護支援専門員：実績の取込", "import", f"""
福祉用具貸与事業所から届いた2025年4月の実績（{own_label}の事業所あて）を取り込み、{nm} の車いす貸与の実績が表示されることを確かめる。
{who}
""", cells=c22(K22, "取込", "⑨"), imports=jsk)
        scenario(ids[3], f"{own_label}の介護支援専門員：第1表の削除", "output", f"""
{ids[0]} の計画（計画作成日 2025年3月25日）を取り下げ、第1表の削除ファイルを福祉用具貸与事業所あてに出力する。
{who}
""", cells=c22(K22, "出力", "③"), expected={name("DLT1KYO", None, office, okind, YOUGU, "17", ts="20250327093000"): [rec([V, INS1, person, pd])]})
        scenario(ids[4], f"{own_label}の介護支援専門員：第6表（予定）の削除", "output", f"""
2025年4月の福祉用具貸与の予定がなくなったため、第6表の削除ファイル（削除対象年月 202504）を福祉用具貸与事業所あてに出力する。
{who}
""", cells=c22(K22, "出力", "⑧"), expected={name("DLTPLAN", "202504", office, okind, YOUGU, "17", ts="20250327103000"): [rec([V, INS1, person, "202504"])]})
        scenario(ids[5], f"{own_label}の介護支援専門員：実績の削除の取込", "import", f"""
福祉用具貸与事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、サービス事業者コード 1371000033、サービス種類 17）を取り込み、{nm} の4月の車いす貸与の実績が消えることを確かめる。
{who}
""", cells=c22(K22, "取込", "⑩"), imports={name("DLTJSK", "202504", YOUGU, "17", office, okind, ts="20250505090000"): [rec([V, INS1, person, "202504", YOUGU, "17"])]})

    cm_sibling("m", SHOKIBO, "73", "見本小規模多機能ホーム", P7, "731121", "15370", "小規模多機能型居宅介護", "22")
    cm_sibling("n", KANTAKI, "77", "見本看護小規模多機能ホーム", P8, "771131", "24481", "看護小規模多機能型居宅介護", "23")

    # 介護予防小規模多機能型居宅介護 (75): the 地域包括支援センター等 column without 委託.
    vk = kihon_set(sender=SHOKIBO, skind="75", receiver=YOUGU, rkind="67", ts="20250325120000", person=P9, sub_rows=[
        ("1", "膝の痛みで外出が減っている", "膝の負担を減らして歩く", "近所の店まで歩きたい", "週3回、通いで体を動かす",
         "1", "通いでの運動", "毎朝の体操", "", "1", "介護予防小規模多機能型居宅介護", "見本小規模多機能ホーム", "2025/04/01～2025/09/30"),
        ("1", "", "", "", "", "1", "", "", "", "2", "介護予防福祉用具貸与", "見本福祉用具サービス", "2025/04/01～2025/09/30")])
    vk = {k: ([r.replace("見本地域包括支援センター", "見本小規模多機能ホーム").replace("見本 包括子", "見本 小規子") for r in v]
              if not isinstance(v, bytes) else v) for k, v in vk.items()}
    v_pl = [set_field(set_field(plan(INS1, P9, m, "20250401", "9999", "9999", "751121", "6972", SHOKIBO, "見本小規模多機能ホーム",
                                     updater=SHOKIBO), 6, SHOKIBO), 7, q("見本 小規子")),
            set_field(set_field(plan(INS1, P9, m, "20250401", "9999", "9999", "671007", "300", YOUGU, "見本福祉用具サービス",
                                     tais="00421-000035", yname="据置型手すり　ＴＥ－２", updater=SHOKIBO), 6, SHOKIBO), 7, q("見本 小規子"))]
    v_sk = [set_field(r, 36, SHOKIBO) for r in priced([
        sikyu(INS1, P9, m, "見本小規模多機能ホーム", SHOKIBO, "751121", "6972", "1"),
        sikyu(INS1, P9, m, "見本福祉用具サービス", YOUGU, "671007", "300", "1", tais="00421-000035", yname="据置型手すり　ＴＥ－２"),
        sikyu(INS1, P9, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(6972 + 300))])]
    v_h = set_field(with_level(hosoku(m, INS1, P9, "レイジ ユキコ", "例示 雪子", "2", "19410115", ""), "13"), 20, "")
    v_h = set_field(set_field(set_field(v_h, 59, ""), 60, SHOKIBO), 61, SHOKIBO)
    v_ts = "20250325123000"
    v_slip = {name("UPPLAN", m, SHOKIBO, "75", YOUGU, "67", ts=v_ts): v_pl,
              name("UPSIKYU", m, SHOKIBO, "75", YOUGU, "67", ts=v_ts): v_sk,
              name("UPHOSOKU", m, SHOKIBO, "75", YOUGU, "67", ts=v_ts): [v_h]}
    v_jsk = {name("UPJSK", m, YOUGU, "67", SHOKIBO, "75", ts="20250501093000"): [
        set_field(set_field(plan(INS1, P9, m, "20250401", "9999", "9999", "671007", "300", YOUGU, "見本福祉用具サービス",
                                 tais="00421-000035", yname="据置型手すり　ＴＥ－２", updater=YOUGU), 6, SHOKIBO), 7, q("見本 小規子"))]}
    v_who = f"""{users_text([P9])}
- 見本小規模多機能ホーム（介護予防小規模多機能型居宅介護 75）：事業所番号 {SHOKIBO}。利用者の介護予防サービス計画は、この事業所の介護支援専門員が作成する（本文1.4 「地域包括支援センター等（居宅介護支援事業所、介護予防小規模多機能等の介護支援専門員の配置義務のある介護予防サービスを含む）」）
- 見本福祉用具サービス（介護予防福祉用具貸与 67）：事業所番号 {YOUGU}"""
    scenario("v01-kihon-and-plan", "介護予防小規模多機能型居宅介護の介護支援専門員：利用者基本情報と介護予防サービス・支援計画書", "output", f"""
介護予防小規模多機能型居宅介護の介護支援専門員が作成した利用者基本情報（別表1・2、家族構成画像）と介護予防サービス・支援計画書（相談日 2025年3月20日、計画作成日 2025年3月25日、委託の有無 1）を、介護予防福祉用具貸与事業所あてに出力する。送信元のサービス種類は 75。
{v_who}
- 別表（支援計画）：課題「膝の痛みで外出が減っている」、支援計画「通いでの運動」に 介護予防小規模多機能型居宅介護（利用サービスＮＯ 1）と介護予防福祉用具貸与（利用サービスＮＯ 2）。全ての行にＮＯを記入する
""", cells=c32(H32, "出力", "①③"), expected=vk)
    scenario("v02-use-slip", "介護予防小規模多機能型居宅介護の介護支援専門員：サービス利用票・別表・利用者補足情報", "output", f"""
2025年4月のサービス利用票・別表・利用者補足情報を、介護予防福祉用具貸与事業所あてに出力する。自事業所の介護予防小規模多機能型居宅介護も載せる。
{v_who}
- 介護予防小規模多機能型居宅介護（751121、月額 6972単位）2025年4月1日～、介護予防福祉用具貸与 手すり（671007、300単位、TAISコード 00421-000035、据置型手すり　ＴＥ－２）4月1日
""", cells=c32(H32, "出力", "⑤⑥⑩"), expected=v_slip)
    scenario("v31-import-jisseki", "介護予防小規模多機能型居宅介護の介護支援専門員：実績の取込", "import", f"""
介護予防福祉用具貸与事業所から届いた2025年4月の実績を取り込み、{USERS[P9][0]} の手すり貸与の実績が表示されることを確かめる。
{v_who}
""", cells=c32(H32, "取込", "⑧"), imports=v_jsk)
    scenario("v33-delete-kihon-and-plan", "介護予防小規模多機能型居宅介護の介護支援専門員：利用者基本情報と計画書の削除", "output", f"""
v01 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）を取り下げ、それぞれの削除ファイルを出力する。
{v_who}
""", cells=c32(H32, "出力", "②④"), expected={
        name("DLTKIHON", None, SHOKIBO, "75", YOUGU, "67", ts="20250327093000"): [rec([V, INS1, P9, "20250320"])],
        name("DLTYOBO", None, SHOKIBO, "75", YOUGU, "67", ts="20250327093100"): [rec([V, INS1, P9, "20250325"])]})
    scenario("v37-delete-use-slip", "介護予防小規模多機能型居宅介護の介護支援専門員：サービス利用票（予定）の削除", "output", f"""
2025年4月の介護予防福祉用具貸与の予定がなくなったため、サービス利用票の削除ファイル（削除対象年月 202504）を出力する。
{v_who}
""", cells=c32(H32, "出力", "⑦"), expected={name("DLTPLAN", "202504", SHOKIBO, "75", YOUGU, "67", ts="20250327103000"): [rec([V, INS1, P9, "202504"])]})
    scenario("v36-import-delete-jisseki", "介護予防小規模多機能型居宅介護の介護支援専門員：実績の削除の取込", "import", f"""
介護予防福祉用具貸与事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、サービス事業者コード 1371000033、サービス種類 67）を取り込み、{USERS[P9][0]} の4月の実績が消えることを確かめる。
{v_who}
""", cells=c32(H32, "取込", "⑨"), imports={name("DLTJSK", "202504", YOUGU, "67", SHOKIBO, "75", ts="20250505093000"): [rec([V, INS1, P9, "202504", YOUGU, "67"])]})

    scenario("s11-delete-jisseki", "実績の削除", "output", f"""
2025年4月の訪問介護の実績を取り下げ、実績の削除ファイル（削除対象年月 202504、サービス事業者コード 1371000025、サービス種類 11）を居宅介護支援事業所あてに出力する。
{users_text([P1])}
""", cells=c22(S22, "出力", "⑩"), expected=mc.delete_sets()["DLTJSK"])


def sibling_ids(prefix):
    return ([f"{prefix}01-plan", f"{prefix}02-use-slip", f"{prefix}21-import-jisseki"],
            [f"{prefix}11-delete-table1", f"{prefix}12-delete-use-slip", f"{prefix}22-import-delete-jisseki"])


ITAKU_ONLY = ("委託の流れ（委託先の居宅介護支援事業所から地域包括支援センターへの基本情報・計画書・予定・別表とその削除）は"
              "この事業所にはない。介護予防小規模多機能型居宅介護の介護支援専門員は自事業所の利用者の計画を作成し、"
              "地域包括支援センターから委託を受けない（本文1.1 「地域包括支援センターから委託を受けた居宅介護支援事業所（以下、「委託あり」という。）」）。")

# id, title, role, role column of 本文2.2 / 3.2, required, optional, cells that do not apply (cell, reason), pending.
PROFILES = [
    ("kyotaku-shien", "居宅介護支援事業所の製品（ケアプラン作成）", "居宅介護支援", "本文2.2 " + K22,
     ["k01-plan-initial", "k02-plan-change", "k03-seiho-tandoku", "k04-use-slip-several-providers", "k05-welfare-equipment",
      "k06-short-stay", "k07-hiwari", "k08-out-of-scope", "k09-free-text", "k10-month-change", "k21-import-jisseki"],
     ["k11-delete-table1", "k12-delete-use-slip", "k13-yoshien", "k22-import-delete-jisseki",
      "k31-refuse-csv-version", "k32-refuse-undecodable-byte"], [], None),
    ("service-provider", "居宅サービス事業所の製品（訪問介護等）", "サービス事業所", "本文2.2 " + S22,
     ["s01-import-plan", "s02-import-use-slip-reply-jisseki"],
     ["s03-import-delete-plan", "s04-import-delete-table1", "s11-delete-jisseki", "s31-refuse-broken-unit"], [], None),
    ("houkatsu", "地域包括支援センター等の製品（介護予防支援・介護予防ケアマネジメント）", "地域包括支援センター等", "本文3.2 " + H32,
     ["y01-kihon-and-plan", "y02-use-slip-yobo", "y03-sogo-jigyo-taishosha", "y04-jigyo-taishosha-kihon", "y31-import-jisseki",
      "y32-import-itaku-plan", "y34-import-itaku-relay"],
     ["y33-delete-kihon-and-plan", "y35-import-itaku-delete-kihon-and-plan", "y36-import-delete-jisseki", "y37-delete-use-slip",
      "y41-refuse-csv-version"], [], None),
    ("kyotaku-itaku", "委託を受けた居宅介護支援事業所の製品（介護予防）", "居宅介護支援事業所（委託あり）", "本文3.2 " + I32,
     ["y11-itaku-kihon-and-plan", "k13-yoshien", "y14-itaku-import-jisseki", "y15-itaku-relay-yotei-jisseki",
      "y23-itaku-import-kihon-and-plan"],
     ["y16-itaku-delete-kihon-and-plan", "y17-itaku-import-delete-kihon-and-plan", "y18-itaku-delete-use-slip",
      "y19-itaku-relay-delete-jisseki", "y20-itaku-import-use-slip", "y42-refuse-undecodable-byte"], [], None),
    ("yobo-service", "介護予防・総合事業サービス事業所の製品", "介護予防・総合事業サービス事業所", "本文3.2 " + Y32,
     ["y21-import-kihon-and-plan", "y22-import-use-slip-reply-jisseki"],
     ["y24-import-delete-kihon-and-plan", "y25-import-delete-use-slip", "y26-delete-jisseki",
      "y27-itaku-import-use-slip-reply-jisseki", "y43-refuse-broken-unit"], [], None),
    ("shokibo-cm", "小規模多機能型居宅介護の介護支援専門員の製品（ケアプラン作成、送信元 73）", "居宅介護支援事業所等（小規模多機能型居宅介護）",
     "本文2.2 " + K22, *sibling_ids("m"), [], None),
    ("kantaki-cm", "看護小規模多機能型居宅介護の介護支援専門員の製品（ケアプラン作成、送信元 77）", "居宅介護支援事業所等（看護小規模多機能型居宅介護）",
     "本文2.2 " + K22, *sibling_ids("n"), [], None),
    ("shokibo-yobo-cm", "介護予防小規模多機能型居宅介護の介護支援専門員の製品（介護予防、送信元 75）", "地域包括支援センター等（介護予防小規模多機能型居宅介護）",
     "本文3.2 " + H32,
     ["v01-kihon-and-plan", "v02-use-slip", "v31-import-jisseki"],
     ["v33-delete-kihon-and-plan", "v37-delete-use-slip", "v36-import-delete-jisseki"],
     [(c, ITAKU_ONLY) for c in c32(H32, "取込", "①②③④⑤⑥⑩")], None),
]


def kinds_of(files):
    out = set()
    for fname in files:
        prefix = fname.split("_")[0]
        for k in ("UPKIHON_SUB1", "UPKIHON_SUB2", "UPKIHON_IMAGE", "UPYOBO_SUB"):
            if fname.startswith(k + "_"):
                prefix = k
        out.add(prefix)
    return out


def check_cells(roles):
    """Every cell a scenario names is a cell of roles.json whose file kinds the scenario exchanges in that
    direction."""
    by_id = {c["id"]: c for c in roles["cells"]}
    for s in SCENARIOS:
        for cid in s["cells"]:
            cell = by_id.get(cid)
            assert cell, (s["id"], cid)
            files = s["expected"] if cell["direction"] == "export" else s["imports"]
            missing = set(cell["kinds"]) - {"UPKIHON_SUB1", "UPKIHON_SUB2", "UPKIHON_IMAGE", "UPYOBO_SUB"} - kinds_of(files)
            assert not missing, (s["id"], cid, missing)


def toml_list(items):
    return "[" + ", ".join(toml_str(x) for x in items) + "]"


def main():
    with open(os.path.join(PACK, "roles.json"), "rb") as fh:
        roles_bytes = fh.read()
    roles = json.loads(roles_bytes)
    build()
    check_cells(roles)
    for root in (PACK, REFERENCE):
        if os.path.isdir(root):
            shutil.rmtree(root)
    os.makedirs(PACK)
    with open(os.path.join(PACK, "roles.json"), "wb") as fh:
        fh.write(roles_bytes)
    with open(os.path.join(PACK, "pack.toml"), "w", encoding="utf-8") as fh:
        fh.write(f'version = "{PACK_VERSION}"\nrevision = "4.1"\ntitle = "ケアプランデータ連携 ベンダー試験相当シナリオ（4.1版）"\n')
        for wid, since, by, why in WITHDRAWN:
            fh.write(f"\n[[withdrawn]]\nid = {toml_str(wid)}\nsince = {toml_str(since)}\nreplaced_by = {toml_list(by)}\nreason = {toml_str(why)}\n")
    for s in SCENARIOS:
        d = os.path.join(PACK, s["id"])
        lines = [f"id = {toml_str(s['id'])}", f"title = {toml_str(s['title'])}", f"direction = {toml_str(s['direction'])}"]
        if s["direction"] == "import":
            lines.append(f"reply = {'true' if s['reply'] else 'false'}")
        if s["cells"]:
            lines.append(f"cells = {toml_list(s['cells'])}")
        if s["basis"]:
            lines.append(f"basis = {toml_str(s['basis'])}")
        if s["refuse"]:
            lines.append("refuse = true")
            lines.append(f"defect = {toml_str(s['refuse']['defect'])}")
            lines.append(f"defect_rules = {toml_list(s['refuse']['rules'])}")
        lines.append(f"description = {toml_multiline(s['description'])}")
        os.makedirs(d)
        with open(os.path.join(d, "scenario.toml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        if s["expected"]:
            write_files(os.path.join(d, "expected"), s["expected"])
        if s["imports"]:
            write_files(os.path.join(d, "import"), s["imports"])
    with open(os.path.join(PACK, "profiles.toml"), "w", encoding="utf-8") as fh:
        for pid, title, role, column, req, opt, na, pending in PROFILES:
            fh.write("[[profile]]\n")
            fh.write(f"id = {toml_str(pid)}\ntitle = {toml_str(title)}\nrole = {toml_str(role)}\ncolumn = {toml_str(column)}\n")
            fh.write(f"required = {toml_list(req)}\n")
            fh.write(f"optional = {toml_list(opt)}\n")
            if pending:
                fh.write(f"pending = {toml_str(pending)}\n")
            for cell, why in na:
                fh.write(f"\n[[profile.not_applicable]]\ncell = {toml_str(cell)}\nreason = {toml_str(why)}\n")
            fh.write("\n")
    # Reference submissions: what a conforming product hands in.
    by_id = {s["id"]: s for s in SCENARIOS}
    for pid, _, _, _, req, opt, _, pending in PROFILES:
        if pending:
            continue
        for sid in req + opt:
            s = by_id[sid]
            d = os.path.join(REFERENCE, pid, sid)
            os.makedirs(d, exist_ok=True)
            if s["expected"]:
                write_files(d, s["expected"])
            elif s["refuse"]:
                with open(os.path.join(d, "attestation.toml"), "w", encoding="utf-8") as fh:
                    fh.write(f'scenario = {toml_str(sid)}\nrefused = true\nchecked_by = "参照提出（見本）"\n'
                             f'message = {toml_str("取り込めませんでした：" + s["refuse"]["defect"])}\n'
                             'notes = "取込を拒み、取り込み前のデータが変わっていないことを画面で確認した。"\n')
            else:
                with open(os.path.join(d, "attestation.toml"), "w", encoding="utf-8") as fh:
                    fh.write(f'scenario = {toml_str(sid)}\nimported = true\nchecked_by = "参照提出（見本）"\nnotes = "取込結果を画面で確認した。"\n')
    print(f"{len(SCENARIOS)} scenarios and {len(PROFILES)} profiles written")


if __name__ == "__main__":
    main()
