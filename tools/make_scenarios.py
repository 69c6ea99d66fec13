#!/usr/bin/env python3
"""Writes the certification scenario pack (scenarios/4.1/) and the reference
submissions (cases/certification/reference/<profile>/).

A scenario is a business situation a vendor enters into its product: its
scenario.toml says what to enter (in Japanese), and its files say what must
come out (expected/) or what the product must import (import/). Re-run after
editing (python3 tools/make_scenarios.py); the written files are committed
byte-exact. People, offices and numbers are fictitious.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import records as mc  # noqa: E402
from records import (CM, HOUMON, YOUGU, TSUSHO, SHORT, INS1, INS2, P1, P2, P3, TS, V,  # noqa: E402
                        HOUKATSU, KANGO, SOGO, JPEG,
                        q, rec, csv, name, plan, sikyu, subtotal, set_field, hosoku, kyo1, kyo2, kyo3, kihon_set, one)

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.join(HERE, "..", "scenarios", "4.1")
REFERENCE = os.path.join(HERE, "..", "cases", "certification", "reference")
PACK_VERSION = "4.1-1"

TEIKI = "1371000074"  # 定期巡回・随時対応型訪問介護看護（架空）
P4, P5 = "9900000044", "9900000055"

USERS = {
    P1: ("見本 花子", "ミホン ハナコ", "女性", "1940年5月12日", INS1, "要介護２"),
    P2: ("試験 一郎", "シケン イチロウ", "男性", "1945年1月1日", INS2, "要介護２（生活保護単独）"),
    P3: ("見本 次郎", "ミホン ジロウ", "男性", "1938年11月3日", INS1, "要介護３"),
    P4: ("例示 春子", "レイジ ハルコ", "女性", "1942年3月20日", INS1, "要支援１"),
    P5: ("例示 夏夫", "レイジ ナツオ", "男性", "1947年8月8日", INS1, "事業対象者"),
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


def scenario(sid, title, direction, description, expected=None, imports=None, reply=False):
    SCENARIOS.append({
        "id": sid, "title": title, "direction": direction, "description": description.strip(),
        "expected": expected or {}, "imports": imports or {}, "reply": reply,
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
""", expected=only(ps, P1))

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
""", expected=ch)

    seiho = {**only(ps, P2), **only(us, P2)}
    scenario("k03-seiho-tandoku", "生活保護単独の利用者（被保険者番号 H＋9桁）", "output", f"""
生活保護単独の利用者について、計画（第1・2・3表、利用者補足情報）と2025年4月の第6表・第7表・利用者補足情報を出力する。被保険者番号は H から始まる10文字。
{users_text([P2])}
{offices_text([CM, HOUMON, TSUSHO, SHORT])}
- 計画作成日 2025年3月25日、計画書区分 継続（21）
- 4月：通所介護（151111、658単位）4月3日・10日 9:30～16:30、短期入所生活介護（211111、603単位）4月20日、前月までの短期入所利用日数 3日
""", expected=seiho)

    scenario("k04-use-slip-several-providers", "複数のサービス事業所を含む第6表・第7表", "output", f"""
2025年4月のサービス利用票（第6表）、別表（第7表）、利用者補足情報を、訪問介護事業所あてに出力する。第6表・第7表には送信先に関わらず全ての事業所のサービスを載せる。
{users_text([P1, P2])}
{base_svc}
- {USERS[P1][0]}：訪問介護 身体介護（111111、244単位）4月1日・8日・15日・22日 9:00～9:30、福祉用具貸与 車いす（171001、600単位、TAISコード 00170-000123、自走式車いす　ＫＸ－１）4月1日
- {USERS[P2][0]}：通所介護（151111、658単位）4月3日・10日 9:30～16:30、短期入所生活介護（211111、603単位）4月20日、前月までの短期入所利用日数 3日
""", expected=us)

    # 福祉用具貸与: two 手すり of the same code and units, told apart by 明細判別コード.
    m = "202504"
    pl = [
        plan(INS1, P1, m, "20250401", "9999", "9999", "171007", "300", YOUGU, "見本福祉用具サービス", tais="00421-000035", yname="据置型手すり　ＴＥ－２", meisai="1"),
        plan(INS1, P1, m, "20250401", "9999", "9999", "171007", "300", YOUGU, "見本福祉用具サービス", tais="00421-000036", yname="据置型手すり　ＴＥ－３", meisai="2"),
        plan(INS1, P1, m, "20250401", "9999", "9999", "171001", "600", YOUGU, "見本福祉用具サービス", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
    ]
    sk = [
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171007", "300", "1", tais="00421-000035", yname="据置型手すり　ＴＥ－２"),
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171007", "300", "1", tais="00421-000036", yname="据置型手すり　ＴＥ－３"),
        sikyu(INS1, P1, m, "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
        subtotal(INS1, P1, m, "見本福祉用具サービス", YOUGU, "17", "1200"),
        sikyu(INS1, P1, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="1200"),
    ]
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
""", expected=eq)

    # 短期入所: 前月までの利用日数.
    pl = [plan(INS2, P2, m, "202504" + d, "9999", "9999", "211111", "603", SHORT, "見本ショートステイ", short_days="5") for d in ("20", "21", "22")]
    s1 = sikyu(INS2, P2, m, "見本ショートステイ", SHORT, "211111", "603", "3")
    s1 = set_field(set_field(set_field(s1, 30, "5"), 31, "3"), 32, "8")
    sk = [s1, sikyu(INS2, P2, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(603 * 3))]
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
""", expected=eq)

    # 日割: 定期巡回 from the 10th.
    days = "0" * 9 + "1" * 21 + "0"
    p = plan(INS1, P3, m, "20250410", "9999", "9999", "761111", "11058", TEIKI, "見本定期巡回センター")
    p = set_field(p, 11, days)
    sk = [sikyu(INS1, P3, m, "見本定期巡回センター", TEIKI, "761111", "11058", "1"),
          sikyu(INS1, P3, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="11058")]
    ts = "20250410090000"
    h = hosoku(m, INS1, P3, "ミホン ジロウ", "見本 次郎", "1", "19381103", "")
    h = set_field(h, 18, "23")
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
""", expected=eq)

    scenario("k08-out-of-scope", "連携対象外のサービスを出力しない", "output", f"""
k04 の利用者 {USERS[P1][0]} が、4月15日に特定福祉用具販売（入浴用いす）も利用した。製品にはそのとおり入力するが、特定福祉用具販売（41）は連携対象外のため、第6表・第7表に載せてはならない。出力は {USERS[P1][0]} 分の第6表・第7表・利用者補足情報。
{users_text([P1])}
{offices_text([CM, HOUMON, YOUGU])}
- 訪問介護 身体介護（111111、244単位）4月1日・8日・15日・22日 9:00～9:30、福祉用具貸与 車いす（171001、600単位、TAISコード 00170-000123）
- 特定福祉用具販売 入浴用いす 4月15日（出力しない）
""", expected=only(us, P1))

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
""", expected=ft)

    may = mc.use_set("202505", ts="20250425100000")
    scenario("k10-month-change", "月の変わり目：翌月（5月）の第6表・第7表", "output", f"""
k04 と同じ利用者・サービスで、2025年5月分のサービス利用票を作成して出力する（対象年月 202505、ファイル名の年月も 202505）。日付は5月の同じ日。
{users_text([P1, P2])}
{base_svc}
- 5月1日・8日・15日・22日の訪問介護、5月1日の福祉用具貸与、5月3日・10日の通所介護、5月20日の短期入所
""", expected=may)

    scenario("k11-delete-table1", "第1表の削除", "output", f"""
k01 の計画（居宅サービス計画作成（変更）日 2025年3月25日）を取り下げ、第1表の削除ファイルを出力する。
{users_text([P1])}
""", expected={name("DLT1KYO", None, CM, "43", HOUMON, "11", ts="20250327090000"): [rec([V, INS1, P1, "20250325"])]})

    scenario("k12-delete-use-slip", "第6表（予定）の削除", "output", f"""
2025年4月の訪問介護の予定がなくなったため、第6表の削除ファイル（削除対象年月 202504）を訪問介護事業所あてに出力する。
{users_text([P1])}
""", expected={name("DLTPLAN", "202504", CM, "43", HOUMON, "11", ts="20250327100000"): [rec([V, INS1, P1, "202504"])]})

    pl = [plan(INS1, P4, m, "202504" + d, "1000", "1030", "631111", "303", KANGO, "見本訪問看護ステーション") for d in ("07", "21")]
    sk = [sikyu(INS1, P4, m, "見本訪問看護ステーション", KANGO, "631111", "303", "2"),
          sikyu(INS1, P4, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="606")]
    h4 = set_field(hosoku(m, INS1, P4, "レイジ ハルコ", "例示 春子", "2", "19420320", ""), 18, "12")
    h4 = set_field(set_field(h4, 59, ""), 20, "63")
    ts = "20250325130000"
    eq = {
        name("UPPLAN", m, CM, "43", KANGO, "63", ts=ts): pl,
        name("UPSIKYU", m, CM, "43", KANGO, "63", ts=ts): sk,
        name("UPHOSOKU", m, CM, "43", KANGO, "63", ts=ts): [h4],
    }
    scenario("k13-yoshien", "要支援の利用者（介護予防サービス）", "output", f"""
地域包括支援センターから委託を受けた要支援１の利用者について、2025年4月の第6表・第7表・利用者補足情報を介護予防訪問看護事業所あてに出力する。
{users_text([P4])}
{offices_text([CM, KANGO])}
- 介護予防訪問看護（631111、303単位）4月7日・21日 10:00～10:30
- 利用者補足情報の要介護状態区分 12（要支援１）、サービス種類別限度額の1枠目 63
""", expected=eq)

    # ------------------------------------------------------------- import
    js = mc.jisseki_set()
    scenario("k21-import-jisseki", "実績の取込", "import", f"""
訪問介護事業所から届いた2025年4月の実績（UPJSK）を取り込み、製品の画面で {USERS[P1][0]} の訪問介護 4月1日・8日・15日 9:05～9:35 が実績として表示されることを確かめる。
""", imports=js)
    scenario("k22-import-delete-jisseki", "実績の削除の取込", "import", f"""
訪問介護事業所から届いた実績の削除（DLTJSK、削除対象年月 202504、訪問介護）を取り込み、{USERS[P1][0]} の4月の訪問介護の実績が消えることを確かめる。
""", imports=mc.delete_sets()["DLTJSK"])
    scenario("s01-import-plan", "居宅サービス計画（第1・2・3表と利用者補足情報）の取込", "import", f"""
居宅介護支援事業所から届いた計画（第1・2・3表、利用者補足情報）を取り込み、2名分の計画（課題・目標・サービス内容・週間計画）が製品で読めることを確かめる。
{users_text([P1, P2])}
""", imports=ps)
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
""", imports=us, expected=reply, reply=True)
    scenario("s03-import-delete-plan", "第6表（予定）の削除の取込", "import", f"""
居宅介護支援事業所から届いた第6表の削除（DLTPLAN、削除対象年月 202504）を取り込み、{USERS[P1][0]} の4月の予定と第7表が消えることを確かめる。
""", imports=mc.delete_sets()["DLTPLAN"])
    scenario("s04-import-delete-table1", "第1表の削除の取込", "import", f"""
居宅介護支援事業所から届いた第1表の削除（DLT1KYO）を取り込み、{USERS[P1][0]} の計画（2025年3月25日作成）と、その第2表・第3表が消えることを確かめる。
""", imports=mc.delete_sets()["DLT1KYO"])
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
{offices_text([HOUKATSU, KANGO])}{kihon_text}""", expected=kp)
    m = "202504"
    ts_y = "20250325150000"

    def yobo_slip(person, kana, nm, sex, birth, level, code, units, days, office, oname, rkind, times=("1000", "1030")):
        pl = [set_field(set_field(plan(INS1, person, m, m + d, times[0], times[1], code, units, office, oname, updater=HOUKATSU), 6, HOUKATSU), 7, q("見本 包括子")) for d in days]
        sk = [set_field(r, 36, HOUKATSU) for r in (
            sikyu(INS1, person, m, oname, office, code, units, str(len(days))),
            sikyu(INS1, person, m, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(int(units) * len(days))))]
        h = set_field(set_field(hosoku(m, INS1, person, kana, nm, sex, birth, ""), 18, level), 20, code[:2])
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
""", expected=y2)
    y3 = yobo_slip(P5, "レイジ ナツオ", "例示 夏夫", "1", "19470808", "06", "A51111", "436", ("02", "09", "16", "23"), SOGO, "見本通所サービス", "A5", ("1000", "1500"))
    scenario("y03-sogo-jigyo-taishosha", "総合事業のみ・事業対象者のサービス利用票", "output", f"""
基本チェックリストで事業対象者となった利用者が、総合事業の通所介護相当サービスだけを使う。2025年4月のサービス利用票・別表・利用者補足情報を通所サービス事業所あてに出力する（介護予防給付のサービスはない）。
{users_text([P5])}
{offices_text([HOUKATSU, SOGO])}
- 通所介護相当サービス（A51111、436単位）4月2日・9日・16日・23日 10:00～15:00
- 利用者補足情報の要介護状態区分 06（事業対象者）、サービス種類別限度額の1枠目 A5
""", expected=y3)
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
""", expected=kj)
    ki = kihon_set(sender=CM, skind="43", receiver=HOUKATSU, rkind="46", itaku="2", ts="20250325170000")
    scenario("y11-itaku-kihon-and-plan", "委託あり：委託を受けた居宅介護支援事業所から地域包括支援センターへ", "output", f"""
地域包括支援センターから委託を受けた居宅介護支援事業所が作成した利用者基本情報と介護予防サービス・支援計画書（委託の有無 2:委託）を、委託元の地域包括支援センターあてに出力する。
{offices_text([CM, HOUKATSU])}{kihon_text}""", expected=ki)
    relay = {}
    for k, v in mc.jisseki_set().items():
        pass
    jr = [set_field(set_field(plan(INS1, P4, m, m + d, "1000", "1030", "631111", "303", KANGO, "見本訪問看護ステーション", updater=CM), 6, CM), 7, q("見本 ケア子")) for d in ("07", "21")]
    relay[name("UPJSK", m, CM, "43", HOUKATSU, "46", ts="20250502090000")] = jr
    scenario("y12-itaku-jisseki-relay", "委託あり：実績を地域包括支援センターへ中継", "output", f"""
委託を受けた居宅介護支援事業所が、介護予防訪問看護事業所から受けた2025年4月の実績を、委託元の地域包括支援センターあてに実績（UPJSK）として出力する。
{users_text([P4])}
{offices_text([CM, HOUKATSU, KANGO])}
- 介護予防訪問看護（631111、303単位）4月7日・21日 10:00～10:30（実績どおり）
""", expected=relay)
    scenario("y21-import-kihon-and-plan", "利用者基本情報と計画書の取込", "import", f"""
地域包括支援センターから届いた利用者基本情報（別表1・2、家族構成画像）と介護予防サービス・支援計画書を取り込み、家族構成の画像が利用者に結びついて表示されることを確かめる。
{users_text([P4])}
""", imports=kp)
    reply = {name("UPJSK", m, KANGO, "63", HOUKATSU, "46", ts="20250502100000"): [
        set_field(set_field(plan(INS1, P4, m, m + d, "1000", "1030", "631111", "303", KANGO, "見本訪問看護ステーション", updater=KANGO), 6, HOUKATSU), 7, q("見本 包括子")) for d in ("07", "21")]}
    scenario("y22-import-use-slip-reply-jisseki", "介護予防の利用票の取込と実績の返信", "import", f"""
地域包括支援センターから届いた2025年4月のサービス利用票・別表・利用者補足情報を取り込み、予定どおり提供したものとして同じ利用者・サービス・日・時刻の実績を地域包括支援センターあてに出力する。
{users_text([P4])}
- 介護予防訪問看護（631111、303単位）4月7日・21日 10:00～10:30
""", imports=y2, expected=reply, reply=True)
    scenario("y31-import-jisseki", "実績の取込（地域包括支援センター）", "import", f"""
介護予防訪問看護事業所から届いた2025年4月の実績を取り込み、{USERS[P4][0]} の4月7日・21日の実績が表示されることを確かめる。
""", imports=reply)
    scenario("y32-import-itaku-plan", "委託先の計画の取込（地域包括支援センター）", "import", f"""
委託を受けた居宅介護支援事業所から届いた利用者基本情報と介護予防サービス・支援計画書（委託の有無 2）を取り込み、委託先の計画として確認できることを確かめる。
""", imports=ki)
    scenario("y33-delete-kihon-and-plan", "利用者基本情報と計画書の削除", "output", f"""
y01 の利用者基本情報（相談日 2025年3月20日）と介護予防サービス・支援計画書（計画作成日 2025年3月25日）を取り下げ、それぞれの削除ファイルを出力する。
{users_text([P4])}
""", expected={
        name("DLTKIHON", None, HOUKATSU, "46", KANGO, "63", ts="20250327090000"): [rec([V, INS1, P4, "20250320"])],
        name("DLTYOBO", None, HOUKATSU, "46", KANGO, "63", ts="20250327090100"): [rec([V, INS1, P4, "20250325"])]})

    scenario("s11-delete-jisseki", "実績の削除", "output", f"""
2025年4月の訪問介護の実績を取り下げ、実績の削除ファイル（削除対象年月 202504、サービス事業者コード 1371000025、サービス種類 11）を居宅介護支援事業所あてに出力する。
{users_text([P1])}
""", expected=mc.delete_sets()["DLTJSK"])


PROFILES = [
    ("kyotaku-shien", "居宅介護支援事業所の製品（ケアプラン作成）", "居宅介護支援",
     ["k01-plan-initial", "k02-plan-change", "k03-seiho-tandoku", "k04-use-slip-several-providers", "k05-welfare-equipment",
      "k06-short-stay", "k07-hiwari", "k08-out-of-scope", "k09-free-text", "k10-month-change", "k21-import-jisseki"],
     ["k11-delete-table1", "k12-delete-use-slip", "k13-yoshien", "k22-import-delete-jisseki"], None),
    ("service-provider", "居宅サービス事業所の製品（訪問介護等）", "サービス事業所",
     ["s01-import-plan", "s02-import-use-slip-reply-jisseki"],
     ["s03-import-delete-plan", "s04-import-delete-table1", "s11-delete-jisseki"], None),
    ("houkatsu", "地域包括支援センター等の製品（介護予防支援・介護予防ケアマネジメント）", "地域包括支援センター等",
     ["y01-kihon-and-plan", "y02-use-slip-yobo", "y03-sogo-jigyo-taishosha", "y04-jigyo-taishosha-kihon", "y31-import-jisseki", "y32-import-itaku-plan"],
     ["y33-delete-kihon-and-plan"], None),
    ("kyotaku-itaku", "委託を受けた居宅介護支援事業所の製品（介護予防）", "居宅介護支援事業所（委託）",
     ["y11-itaku-kihon-and-plan", "y12-itaku-jisseki-relay", "y21-import-kihon-and-plan"], [], None),
    ("yobo-service", "介護予防・総合事業サービス事業所の製品", "介護予防・総合事業サービス事業所",
     ["y21-import-kihon-and-plan", "y22-import-use-slip-reply-jisseki"], [], None),
]


def main():
    build()
    for root in (PACK, REFERENCE):
        if os.path.isdir(root):
            shutil.rmtree(root)
    os.makedirs(PACK)
    with open(os.path.join(PACK, "pack.toml"), "w", encoding="utf-8") as fh:
        fh.write(f'version = "{PACK_VERSION}"\nrevision = "4.1"\ntitle = "ケアプランデータ連携 ベンダー試験相当シナリオ（4.1版）"\n')
    for s in SCENARIOS:
        d = os.path.join(PACK, s["id"])
        lines = [f"id = {toml_str(s['id'])}", f"title = {toml_str(s['title'])}", f"direction = {toml_str(s['direction'])}"]
        if s["direction"] == "import":
            lines.append(f"reply = {'true' if s['reply'] else 'false'}")
        lines.append(f"description = {toml_multiline(s['description'])}")
        os.makedirs(d)
        with open(os.path.join(d, "scenario.toml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        if s["expected"]:
            write_files(os.path.join(d, "expected"), s["expected"])
        if s["imports"]:
            write_files(os.path.join(d, "import"), s["imports"])
    with open(os.path.join(PACK, "profiles.toml"), "w", encoding="utf-8") as fh:
        for pid, title, role, req, opt, pending in PROFILES:
            fh.write("[[profile]]\n")
            fh.write(f"id = {toml_str(pid)}\ntitle = {toml_str(title)}\nrole = {toml_str(role)}\n")
            fh.write("required = [" + ", ".join(toml_str(x) for x in req) + "]\n")
            fh.write("optional = [" + ", ".join(toml_str(x) for x in opt) + "]\n")
            if pending:
                fh.write(f"pending = {toml_str(pending)}\n")
            fh.write("\n")
    # Reference submissions: what a conforming product hands in.
    by_id = {s["id"]: s for s in SCENARIOS}
    for pid, _, _, req, opt, pending in PROFILES:
        if pending:
            continue
        for sid in req + opt:
            s = by_id[sid]
            d = os.path.join(REFERENCE, pid, sid)
            os.makedirs(d, exist_ok=True)
            if s["expected"]:
                write_files(d, s["expected"])
            else:
                with open(os.path.join(d, "attestation.toml"), "w", encoding="utf-8") as fh:
                    fh.write(f'scenario = {toml_str(sid)}\nimported = true\nchecked_by = "参照提出（見本）"\nnotes = "取込結果を画面で確認した。"\n')
    print(f"{len(SCENARIOS)} scenarios and {len(PROFILES)} profiles written")


if __name__ == "__main__":
    main()
