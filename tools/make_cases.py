#!/usr/bin/env python3
"""Writes the bundled cases under cases/ (MS932 CSV files and case.toml).

The cases are authored here, from the standard, as data: a conforming send
unit per file kind and, for each rule, a copy of a conforming file with one
departure and the findings that departure must produce. Re-run after editing
(python3 tools/make_cases.py); the written CSV files are committed byte-exact.
All people, offices and numbers are fictitious; office numbers, 保険者番号 and
被保険者番号 are made up but carry valid check digits where the standard
defines one.
"""
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cases")

V = "202407"
TS = "20250325093000"
CM = "1371000017"  # 居宅介護支援事業所（架空）
HOUMON = "1371000025"  # 訪問介護
YOUGU = "1371000033"  # 福祉用具貸与
TSUSHO = "1371000041"  # 通所介護
SHORT = "1371000058"  # 短期入所生活介護
INS1, INS2 = "131011", "131029"
P1, P2, P3 = "9900000011", "H990000022", "9900000033"


def q(s):
    """A free-text value: always quoted, inner quotes doubled."""
    return '"' + s.replace('"', '""') + '"'


def rec(fields):
    return ",".join(fields)


def csv(records, end="\r\n"):
    return ("".join(r + end for r in records)).encode("cp932")


# ---------------------------------------------------------------- records
def hosoku(month_set, ins, person, kana, name, sex, birth, plan_date):
    f = [""] * 63
    f[0], f[1], f[2] = V, ins, person
    f[3] = plan_date if month_set == "000000" else "00000000"
    f[4], f[5], f[6], f[7] = q(kana), q(name), sex, birth
    f[8] = "100-0001"
    f[9], f[10] = q("東京都千代田区見本町一丁目１番１号"), q("見本ハイツ１０１")
    f[11] = "03-0000-0000"
    f[12], f[13], f[14] = "20250301", "20250401", "20260331"
    f[15], f[16], f[17] = "2", "20250301", "22"
    f[18] = "19705"
    f[19], f[20], f[21], f[22] = "11", "", "", ""
    f[55], f[56], f[57] = "0", "", ""
    f[58] = "21"
    f[59], f[60] = CM, CM
    f[61] = ""
    f[62] = month_set
    return rec(f)


def kyo1(ins, person, plan_date, kubun="11"):
    f = [""] * 28
    f[0], f[1], f[2], f[3] = V, ins, person, "20250325"
    f[4], f[5], f[6] = "100-0001", q("東京都千代田区見本町一丁目１番１号"), q("見本ハイツ１０１")
    f[7], f[8] = q("見本 ケア子"), q("㈱見本ケアプランセンター")
    f[9], f[10], f[11] = "100-0002", q("東京都千代田区見本町二丁目２番２号"), q("")
    f[12], f[13], f[14] = CM, plan_date, "20250401"
    f[15], f[16], f[17], f[18], f[19], f[20] = kubun, "2", "20250301", "20250401", "20260331", "22"
    f[21] = q('本人「自宅で暮らし続けたい」。\r\n長女：「転ばないか心配」、週末は同居。')
    f[22] = q("特になし")
    f[23] = q('①転倒の予防、②入浴の確保を中心に、"できること"を続ける支援を行う。')
    f[24], f[25] = "", q("")
    f[26], f[27] = CM, ""
    return rec(f)


def kyo2(ins, person, plan_date, rows):
    out = []
    for (kno, kadai, gno, chouki, tanki, cperiod, tperiod, nno, naiyou, hoken, shubetsu, jigyo, jname, hindo, kikan) in rows:
        f = [""] * 22
        f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", plan_date
        f[5], f[6] = kno, q(kadai)
        f[7], f[8], f[9], f[10], f[11] = gno, q(chouki), q(tanki), q(cperiod), q(tperiod)
        f[12], f[13], f[14], f[15], f[16], f[17], f[18], f[19] = nno, q(naiyou), hoken, q(shubetsu), jigyo, q(jname), q(hindo), q(kikan)
        f[20], f[21] = CM, ""
        out.append(rec(f))
    return out


def kyo3(ins, person, plan_date, rows):
    out = []
    for (svc, day, start, end, act, astart, aend, other) in rows:
        f = [""] * 13
        f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", plan_date
        f[5], f[6], f[7], f[8] = q(svc), day, start, end
        f[9], f[10], f[11] = q(act), astart, aend
        f[12] = q(other)
        out.append(rec(f))
    return out


def plan(ins, person, month, day, start, end, code, units, office, oname, tais="", yname="", meisai="", short_days="", updater=CM):
    f = [""] * 25
    f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", month
    f[5], f[6] = CM, q("見本 ケア子")
    f[7], f[8], f[9], f[10] = units, short_days, day, ""
    f[11], f[12], f[13], f[14] = start, end, "1", code
    f[15], f[16], f[17], f[18] = tais, "", q(yname), meisai
    f[19], f[20], f[21], f[22] = office, q(oname), "", "0"
    f[23], f[24] = updater, ""
    return rec(f)


def subtotal(ins, person, month, oname, office, kind, kind_total):
    """A kind+AAAA 区分支給対象種類別小計 row: 単位数 0, 割引後 empty."""
    f = [""] * 37
    f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", month
    f[5], f[6], f[7], f[8] = q(oname), office, "", kind + "AAAA"
    f[11] = q("")
    f[12], f[15] = "0", "0"
    f[17], f[21] = kind_total, kind_total
    f[32], f[33] = "0", "9999999999"
    f[35] = CM
    return rec(f)


def sikyu(ins, person, month, oname, office, code, units, count, tais="", yname="", total=False, kind_total=None):
    f = [""] * 37
    f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", month
    f[5], f[6], f[7], f[8] = q(oname), office, "", code
    f[9], f[10], f[11] = tais, "", q(yname)
    if total:
        f[12], f[13], f[14], f[15] = "0", "", "", "0"
        f[17], f[21] = kind_total, kind_total
        f[22] = "11.40"
        cost = int(int(kind_total) * 11.40)
        f[23], f[24] = str(cost), "90"
        f[25], f[27] = str(cost * 9 // 10), str(cost - cost * 9 // 10)
    else:
        f[12], f[13], f[14], f[15] = units, "", "", count
        f[16] = ""
        f[17] = str(int(units) * int(count))
        f[21] = str(int(units) * int(count))
    f[32] = "0"
    f[33] = "9999999999"  # No.34 事業所コード「9999999999を固定でセット」(READINGS.md)
    f[35], f[36] = CM, ""
    return rec(f)


HOUKATSU = "1371000090"  # 地域包括支援センター（架空、介護予防支援 46）
KANGO = "1371000082"  # 介護予防訪問看護（63）
SOGO = "1371000108"  # 通所介護相当サービス（A5）
P4, P5 = "9900000044", "9900000055"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + bytes.fromhex("ffd9")


def kihon(ins, person, soudan, kind, itaku, kana, name_, sex, birth, level, image=""):
    """利用者基本情報 (71 fields)."""
    f = [""] * 71
    f[0], f[1], f[2], f[3], f[4], f[5] = V, ins, person, soudan, kind, itaku
    f[6] = q("見本 包括子")
    f[7], f[8], f[9], f[10], f[11], f[12] = "01", q(""), "01", "", "01", q("")
    f[13], f[14], f[15], f[16] = q(kana), q(name_), sex, birth
    f[17], f[18], f[19] = q("東京都千代田区見本町三丁目３番３号"), "03-0000-1111", ""
    f[20], f[21], f[22] = "11", "01", level
    f[23], f[24], f[25] = "20250301", "20260228", "01"
    f[26], f[27] = ("1" if level == "01" else "2"), soudan
    f[28:32] = ["0", "0", "0", "0"]
    f[32] = q("")
    f[33], f[34], f[35] = "05", "1", "2"
    f[36:40] = ["1", "0", "0", "0"]
    f[40] = q("国民年金のみ、月額約６万円")
    f[41], f[42], f[43], f[44] = q("例示 秋子"), q("東京都千代田区見本町三丁目３番３号"), "03-0000-2222", q("長女")
    f[45], f[46], f[47], f[48] = q("例示 秋子"), q("長女"), q("東京都千代田区見本町三丁目３番３号"), "090-0000-3333"
    for i in range(49, 61):
        f[i] = q("") if (i - 49) % 4 != 3 else ""
    f[61] = q(image)
    f[62] = q("長女と二人暮らし。長男は県外在住")
    f[63] = q("40年間、商店を営んできた。\r\n70歳で店を閉じた")
    f[64] = q("午前は散歩、午後は自宅で過ごす")
    f[65] = q("園芸、俳句")
    f[66] = q("町内会の集まりに月1回出ている")
    f[67] = q("なし")
    f[68] = q("配食サービス（民間、週3回）")
    f[69], f[70] = soudan, q(name_)
    return rec(f)


def kihon_sub1(ins, person, soudan, rows):
    return [rec([V, ins, person, soudan, q(t), q(a), q(b)]) for t, a, b in rows]


def kihon_sub2(ins, person, soudan, rows):
    return [rec([V, ins, person, soudan, q(d), q(n), q(h), flag, tel, prog, q(c)]) for d, n, h, flag, tel, prog, c in rows]


def yobo(ins, person, plan_date, kind, itaku, name_, shien):
    """介護予防サービス・支援計画書 (57 fields)."""
    f = [""] * 57
    f[0], f[1], f[2], f[3], f[4], f[5] = V, ins, person, plan_date, kind, itaku
    f[6], f[7] = q("R7-0012"), q(name_)
    f[8], f[9], f[10], f[11], f[12], f[13] = "20250301", "20250301", "20260228", "11", "2", shien
    f[14], f[15] = q("見本 包括子"), q("見本 ケア子" if itaku == "2" else "")
    f[16], f[17], f[18] = q("見本地域包括支援センター"), q("東京都千代田区見本町四丁目４番４号"), "03-0000-4444"
    f[19], f[20] = "20250401", q("見本地域包括支援センター")
    f[21], f[22] = q("毎朝散歩に出る"), q("近所の友人と温泉に行く")
    for base in (23, 27, 31, 35):
        f[base], f[base + 1], f[base + 2], f[base + 3] = q("膝の痛みで長く歩けない"), q("また一人で買い物に行きたい"), "1", q("変形性膝関節症")
    f[39], f[40], f[41] = q("血圧が高め。服薬を続ける"), q("本人の意欲を支える"), q("運動機能の維持と、人との交流を続ける")
    f[42:48] = ["3", "0", "1", "2", "0", "0"]
    f[48:54] = ["1", "2", "2", "1", "2", "2"]
    f[54], f[55], f[56] = q("上記計画に同意"), plan_date, q(name_)
    return rec(f)


def yobo_sub(ins, person, plan_date, rows):
    out = []
    for (kno, kadai, teian, ikou, mokuhyo, sno, point, self_, svc, uno, shubetsu, jigyo, kikan) in rows:
        out.append(rec([V, ins, person, plan_date, kno, q(kadai), q(teian), q(ikou), q(mokuhyo), sno, q(point), q(self_), q(svc),
                        uno, q(shubetsu), q(jigyo), q(kikan)]))
    return out


def kihon_set(sender=HOUKATSU, skind="46", receiver=KANGO, rkind="63", ts=TS, itaku="1", with_yobo=True, image=True):
    """利用者基本情報（別表1・2、家族構成画像）and, with it, the 介護予防サービス・支援計画書."""
    img = name("UPKIHON_IMAGE", None, sender, skind, receiver, rkind, ts=ts + "_0001", ext="jpg") if image else ""
    files = {}
    files[name("UPKIHON", None, sender, skind, receiver, rkind, ts=ts)] = [
        kihon(INS1, P4, "20250320", "1", itaku, "レイジ ハルコ", "例示 春子", "2", "19420320", "12", image=img)]
    files[name("UPKIHON_SUB1", None, sender, skind, receiver, rkind, ts=ts)] = kihon_sub1(INS1, P4, "20250320", [
        ("6:30", "起床、ラジオ体操", ""), ("7:30", "朝食", "長女が準備"), ("10:00", "散歩（30分）", "")])
    files[name("UPKIHON_SUB2", None, sender, skind, receiver, rkind, ts=ts)] = kihon_sub2(INS1, P4, "20250320", [
        ("R3年4月", "変形性膝関節症", "見本整形外科 見本 医師", "1", "03-0000-5555", "01", "湿布、月1回受診"),
        ("H30年", "高血圧症", "見本内科", "2", "", "02", "降圧剤")])
    if image:
        files[img] = JPEG
    if with_yobo:
        files[name("UPYOBO", None, sender, skind, receiver, rkind, ts=ts)] = [
            yobo(INS1, P4, "20250325", "1", itaku, "例示 春子", "1")]
        files[name("UPYOBO_SUB", None, sender, skind, receiver, rkind, ts=ts)] = yobo_sub(INS1, P4, "20250325", [
            ("1", "膝の痛みで外出が減っている", "膝の負担を減らして歩く", "買い物に行けるようになりたい", "週2回、近所の店まで歩く",
             "1", "歩行の安定", "毎朝の散歩", "介護予防訪問看護（リハビリ職）", "1", "介護予防訪問看護", "見本訪問看護ステーション", "2025/04/01～2025/09/30"),
            ("", "", "", "", "", "", "", "", "", "2", "介護予防福祉用具貸与", "見本福祉用具サービス", "2025/04/01～2025/09/30"),
            ("", "", "", "", "", "2", "閉じこもり予防", "町内会の集まり", "", "1", "地域の通いの場", "見本町内会", "2025/04/01～"),
        ])
    return files


# ------------------------------------------------------------- file sets
def name(prefix, month, sender, skind, receiver, rkind, ts=TS, ext="CSV"):
    parts = [prefix] + ([month] if month is not None else []) + [sender, skind, receiver, rkind, ts]
    return "_".join(parts) + "." + ext


def plan_set():
    """第1・2・3表 and 利用者補足情報(000000), 居宅介護支援 → 訪問介護."""
    pd = "20250325"
    files = {}
    files[name("UP1KYO", None, CM, "43", HOUMON, "11")] = [kyo1(INS1, P1, pd), kyo1(INS2, P2, pd, "21")]
    files[name("UP2KYO", None, CM, "43", HOUMON, "11")] = kyo2(INS1, P1, pd, [
        ("1", "一人での入浴が不安", "1", "安全に入浴できる", "週2回入浴する", "2025/04/01～2026/03/31", "2025/04/01～2025/09/30",
         "1", "入浴介助（洗身・更衣）", "Y", "訪問介護", HOUMON, "試験訪問介護ステーション", "週2回", "2025/04/01～2025/09/30"),
        ("", "", "", "", "", "", "", "2", "見守り、声かけ\r\n（長女が週末に対応）", "", "家族", "", "長女", "週末", "2025/04/01～2025/09/30"),
        ("2", "屋内の移動でふらつく", "1", "転ばずに暮らす", "車いすで移動できる", "2025/04/01～2026/03/31", "2025/04/01～2025/09/30",
         "1", "車いすの貸与", "Y", "福祉用具貸与", YOUGU, "見本福祉用具サービス", "毎日", "2025/04/01～2025/09/30"),
    ]) + kyo2(INS2, P2, pd, [
        ("1", "日中ひとりで過ごす時間が長い", "1", "人と交流する", "週1回通所する", "2025/04/01～2026/03/31", "2025/04/01～2025/09/30",
         "1", "通所介護（入浴・機能訓練）", "Y", "通所介護", TSUSHO, "見本デイサービス", "週1回", "2025/04/01～2025/09/30"),
    ])
    files[name("UP3KYO", None, CM, "43", HOUMON, "11")] = kyo3(INS1, P1, pd, [
        ("訪問介護（身体介護）", "2", "0900", "0930", "", "", "", ""),
        ("訪問介護（身体介護）", "5", "0900", "0930", "", "", "", ""),
        ("", "", "", "", "起床・朝食", "0700", "0800", ""),
        ("", "", "", "", "", "", "", "福祉用具貸与（車いす）、月1回の受診（長女が付き添い）"),
    ]) + kyo3(INS2, P2, pd, [
        ("通所介護", "3", "0930", "1630", "", "", "", ""),
    ])
    files[name("UPHOSOKU", "000000", CM, "43", HOUMON, "11")] = [
        hosoku("000000", INS1, P1, "ミホン ハナコ", "見本 花子", "2", "19400512", pd),
        hosoku("000000", INS2, P2, "シケン イチロウ", "試験 一郎", "1", "19450101", pd),
    ]
    return files


def use_set(month="202504", ts=TS):
    """第6表・第7表 and 利用者補足情報(YYYYMM), 居宅介護支援 → 訪問介護."""
    files = {}
    p = []
    for d in ("01", "08", "15", "22"):
        p.append(plan(INS1, P1, month, month + d, "0900", "0930", "111111", "244", HOUMON, "試験訪問介護ステーション"))
    p.append(plan(INS1, P1, month, month + "01", "9999", "9999", "171001", "600", YOUGU, "見本福祉用具サービス",
                  tais="00170-000123", yname="自走式車いす　ＫＸ－１"))
    for d in ("03", "10"):
        p.append(plan(INS2, P2, month, month + d, "0930", "1630", "151111", "658", TSUSHO, "見本デイサービス"))
    p.append(plan(INS2, P2, month, month + "20", "9999", "9999", "211111", "603", SHORT, "見本ショートステイ", short_days="3"))
    files[name("UPPLAN", month, CM, "43", HOUMON, "11", ts=ts)] = p
    s = [
        sikyu(INS1, P1, month, "試験訪問介護ステーション", HOUMON, "111111", "244", "4"),
        sikyu(INS1, P1, month, "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
        sikyu(INS1, P1, month, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(244 * 4 + 600)),
        sikyu(INS2, P2, month, "見本デイサービス", TSUSHO, "151111", "658", "2"),
        sikyu(INS2, P2, month, "見本ショートステイ", SHORT, "211111", "603", "1"),
        sikyu(INS2, P2, month, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(658 * 2 + 603)),
    ]
    files[name("UPSIKYU", month, CM, "43", HOUMON, "11", ts=ts)] = s
    files[name("UPHOSOKU", month, CM, "43", HOUMON, "11", ts=ts)] = [
        hosoku(month, INS1, P1, "ミホン ハナコ", "見本 花子", "2", "19400512", ""),
        hosoku(month, INS2, P2, "シケン イチロウ", "試験 一郎", "1", "19450101", ""),
    ]
    return files


def jisseki_set(month="202504"):
    """実績, 訪問介護 → 居宅介護支援."""
    j = []
    for d in ("01", "08", "15"):
        j.append(plan(INS1, P1, month, month + d, "0905", "0935", "111111", "244", HOUMON, "試験訪問介護ステーション", updater=HOUMON))
    return {name("UPJSK", month, HOUMON, "11", CM, "43"): j}


def delete_sets():
    return {
        "DLT1KYO": {name("DLT1KYO", None, CM, "43", HOUMON, "11"): [rec([V, INS1, P1, "20250325"])]},
        "DLTPLAN": {name("DLTPLAN", "202504", CM, "43", HOUMON, "11"): [rec([V, INS1, P1, "202504"])]},
        "DLTJSK": {name("DLTJSK", "202504", HOUMON, "11", CM, "43"): [rec([V, INS1, P1, "202504", HOUMON, "11"])]},
    }


# ------------------------------------------------------------------ cases
written = []


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def case(group, cid, title, files, expect=None, role="居宅介護支援", note=None, units=None, revision=None, extra=None):
    """files: {name: [records] or bytes}. expect: None for conformant, else
    a list of (rule, file, record, field)."""
    d = os.path.join(ROOT, group, cid)
    os.makedirs(d, exist_ok=True)
    for fname, content in files.items():
        data = content if isinstance(content, bytes) else csv(content)
        with open(os.path.join(d, fname), "wb") as fh:
            fh.write(data)
    lines = [
        f"id = {toml_str(group + '.' + cid)}",
        f"title = {toml_str(title)}",
        f'revision = "{revision or ("3.2" if group == "rev32" else "4.1")}"',
        f"role = {toml_str(role)}",
    ]
    if note:
        lines.append(f"note = {toml_str(note)}")
    if units is None:
        units = group not in ("name", "encoding", "structure")
    if not units:
        lines.append("units = false")
    for k, v in (extra or {}).items():
        lines.append(f"{k} = {v}")
    if expect is None:
        lines.append("conformant = true")
    else:
        for e in expect:
            rule, fname, record, field = e[:4]
            count = e[4] if len(e) > 4 else None
            lines.append("")
            lines.append("[[expect]]")
            lines.append(f"rule = {toml_str(rule)}")
            lines.append(f"file = {toml_str(fname)}")
            if record is not None:
                lines.append(f"record = {record}")
            if field is not None:
                lines.append(f"field = {field}")
            if count is not None:
                lines.append(f"count = {count}")
    with open(os.path.join(d, "case.toml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    written.append(group + "." + cid)


def one(files, kind):
    """The single file of a set whose name starts with `kind_`."""
    for k, v in files.items():
        if k.startswith(kind + "_"):
            return k, list(v) if not isinstance(v, bytes) else v
    raise KeyError(kind)


def set_field(record, no, value):
    """Replaces field No. `no` of a record string (no quoted commas before it
    in the fields used here is not assumed: the record is re-split with a
    quote-aware split)."""
    fields = split(record)
    fields[no - 1] = value
    return ",".join(fields)


def split(record):
    out, cur, inq, i = [], "", False, 0
    while i < len(record):
        c = record[i]
        if inq:
            if c == '"' and i + 1 < len(record) and record[i + 1] == '"':
                cur += '""'
                i += 2
                continue
            if c == '"':
                inq = False
            cur += c
        else:
            if c == ",":
                out.append(cur)
                cur = ""
            else:
                if c == '"':
                    inq = True
                cur += c
        i += 1
    out.append(cur)
    return out


def mutate(base_files, kind, recno, no, value):
    """The whole send unit, with field `no` of record `recno` of the file of
    `kind` set to `value`."""
    fname, records = one(base_files, kind)
    records[recno - 1] = set_field(records[recno - 1], no, value)
    out = dict(base_files)
    out[fname] = records
    return out


def replace(base_files, fname, records):
    """The whole send unit with one file's records replaced."""
    out = dict(base_files)
    out[fname] = records
    return out


def main():
    if os.path.isdir(ROOT):
        for entry in os.listdir(ROOT):
            p = os.path.join(ROOT, entry)
            # cases/certification is written by tools/make_scenarios.py.
            if os.path.isdir(p) and entry != "certification":
                shutil.rmtree(p)
    ps, us, js, ds = plan_set(), use_set(), jisseki_set(), delete_sets()

    # ---------------- conforming send units, one per combination
    case("conformant", "plan-set-1-2-3-hosoku", "第1・2・3表と利用者補足情報（000000）の送信単位：初回と継続の2名", ps)
    case("conformant", "use-set-6-7-hosoku", "第6表・第7表と利用者補足情報（202504）の送信単位：訪問介護・福祉用具貸与・通所介護・短期入所", us)
    case("conformant", "jisseki", "実績（訪問介護→居宅介護支援）", js, role="サービス事業所")
    case("conformant", "delete-1kyo", "第1表の削除", ds["DLT1KYO"])
    case("conformant", "delete-plan", "第6表（予定）の削除", ds["DLTPLAN"])
    case("conformant", "delete-jsk", "実績の削除", ds["DLTJSK"], role="サービス事業所")
    # 生活保護単独 (H + 9 digits) is in the plan set (P2); a leap day:
    leap = use_set("202402")
    for k in list(leap):
        leap[k] = [r.replace(",202402,", ",202402,") for r in leap[k]]
    # ---------------- name
    up1 = name("UP1KYO", None, CM, "43", HOUMON, "11")
    _, up1_recs = one(ps, "UP1KYO")

    def renamed(new):
        return {new: up1_recs}

    kn, kr = one(kihon_set(), "UPKIHON")
    n = kn.replace("UPKIHON_", "UPKHON_")
    case("name", "unknown-prefix-misspelt", "接頭辞の綴り誤り（UPKHON）：UPKIHON として検査", {n: kr},
         [("NAME-UNKNOWN-PREFIX", n, None, None)])
    n = "REPORT_20250325.CSV"
    case("name", "unknown-prefix", "標準仕様にないファイル（REPORT）", {n: up1_recs}, [("NAME-UNKNOWN-PREFIX", n, None, None)])
    n = name("UP1KYO", None, CM, "43", HOUMON, "11", ext="csv")
    case("name", "extension-lower-case", "拡張子が小文字の .csv", renamed(n), [("NAME-EXTENSION", n, None, None)])
    n = name("UPPLAN", "202504", CM, "43", "", "11")
    _, p_recs = one(us, "UPPLAN")
    case("name", "empty-receiver", "送信先事業所番号が空（_11___2025…）", {n: p_recs}, [("NAME-SEGMENTS", n, None, None)])
    n = "UPPLAN_202504_" + CM + "_" + HOUMON + "_" + TS + ".CSV"
    case("name", "revision-3.2-name", "4.1版の内容に、サービス種類コードのない3.2版のファイル名", {n: p_recs}, [("FILE-REVISION-MISMATCH", n, None, None)])
    n = name("UPPLAN", "202513", CM, "43", HOUMON, "11")
    case("name", "month-13", "ファイル名の対象年月が13月", {n: p_recs},
         [("NAME-MONTH", n, None, None)])
    n = name("UPPLAN", "000000", CM, "43", HOUMON, "11")
    case("name", "month-zero-outside-hosoku", "第6表のファイル名に000000", {n: p_recs}, [("NAME-MONTH", n, None, None)])
    n = name("UP1KYO", None, "137100001", "43", HOUMON, "11")
    case("name", "office-9-digits", "送信元事業所番号が9桁（本文の例示と同じ誤り）", renamed(n), [("NAME-OFFICE-NUMBER", n, None, None)])
    n = name("UP1KYO", None, "1371000010", "43", HOUMON, "11")
    case("name", "office-check-digit", "送信元事業所番号の検査数字の誤り", renamed(n), [("NAME-OFFICE-CHECK-DIGIT", n, None, None)])
    n = name("UP1KYO", None, CM, "4", HOUMON, "11")
    case("name", "service-kind-one-char", "送信元サービス種類コードが1桁", renamed(n), [("NAME-SERVICE-KIND", n, None, None)])
    n = name("UP1KYO", None, CM, "43", HOUMON, "33")
    case("name", "service-kind-out-of-scope", "送信先が連携対象外の特定施設（33）", renamed(n), [("NAME-SERVICE-KIND-SCOPE", n, None, None)])
    n = name("UP1KYO", None, CM, "43", HOUMON, "11", ts="20250231093000")
    case("name", "timestamp-not-a-date", "作成日時が2月31日", renamed(n), [("NAME-TIMESTAMP", n, None, None)])
    n = name("UP1KYO", None, CM, "43", HOUMON, "11", ts="201911101022330")
    case("name", "timestamp-15-digits", "ファイル連番が15桁（本文2.5の例示と同じ誤り）", renamed(n), [("NAME-TIMESTAMP", n, None, None)])
    n = name("UP1KYO", None, CM, "43", CM, "43")
    case("name", "same-office", "送信元と送信先が同じ事業所・種類", renamed(n), [("NAME-SAME-OFFICE", n, None, None), ("NAME-DIRECTION", n, None, None)])

    # ---------------- encoding
    f1, r1 = one(ps, "UP1KYO")
    raw = csv(r1)
    case("encoding", "utf8-bom", "UTF-8のBOM付き（内容はMS932）", {f1: b"\xef\xbb\xbf" + raw}, [("ENC-BOM", f1, None, None)])
    case("encoding", "utf8-content", "UTF-8で書かれたファイル", {f1: ("".join(r + "\r\n" for r in r1)).encode("utf-8")},
         [("ENC-UTF8", f1, None, None)])
    case("encoding", "utf8-with-bom", "BOM付きUTF-8（実在する出力の例）", {f1: b"\xef\xbb\xbf" + ("".join(r + "\r\n" for r in r1)).encode("utf-8")},
         [("ENC-BOM", f1, None, None), ("ENC-UTF8", f1, None, None)])
    case("encoding", "utf16", "UTF-16（BOM付き）", {f1: ("".join(r + "\r\n" for r in r1)).encode("utf-16")},
         [("ENC-BOM", f1, None, None)])
    bad = raw.replace("見本 ケア子".encode("cp932"), "見本 ケア".encode("cp932") + b"\x85\x9f", 1)
    case("encoding", "undecodable", "MS932の未定義領域のバイト（0x85 0x9F）", {f1: bad}, [("ENC-UNDECODABLE", f1, 1, 8)])
    bad = raw.replace("見本 花子".encode("cp932"), b"x", 1)  # (not present in UP1KYO; kept for symmetry)
    bad = raw.replace("見本 ケア子".encode("cp932"), "見本 ".encode("cp932") + b"\xf0\x40" + "子".encode("cp932"), 1)
    case("encoding", "gaiji", "外字（0xF040）を含む計画作成者氏名", {f1: bad}, [("ENC-GAIJI", f1, 1, 8)])
    bad = raw.replace(b",20250325,", b",2025\x000325,", 1)
    case("encoding", "nul", "NULバイトを含む作成年月日", {f1: bad}, [("ENC-NUL", f1, 1, 4), ("FLD-DATE", f1, 1, 4)])
    # 髙﨑 in the IBM extension rows (FB FC, FA B1), the form Windows writes.
    ok = raw.replace("見本 ケア子".encode("cp932"), b"\xfb\xfc\xfa\xb1" + " ケア子".encode("cp932"), 1)
    case("encoding", "ibm-extension-ok", "IBM拡張文字（髙・﨑 FBFC/FAB1）はMS932の文字", {f1: ok})
    # The same characters in the NEC-selected IBM extension rows (EE E0, ED 95):
    # also MS932, but written back by Windows in the FB/FA form.
    ok = raw.replace("見本 ケア子".encode("cp932"), b"\xee\xe0\xed\x95" + " ケア子".encode("cp932"), 1)
    case("encoding", "nec-selected-form-ok", "NEC選定IBM拡張文字（髙・﨑 EEE0/ED95）もMS932の文字", {f1: ok})

    # ---------------- structure
    case("structure", "empty-file", "0バイトのファイル", {f1: b""}, [("CSV-EMPTY-FILE", f1, None, None)])
    case("structure", "file-too-large", "上限（この事例では 500 バイト）を超えるファイルは読まずに報告", {f1: raw},
         [("CSV-FILE-TOO-LARGE", f1, None, None)], extra={"max_file_size": 500})
    case("structure", "lf-line-ends", "改行がLFのみ", {f1: csv(r1, end="\n")}, [("CSV-LINE-END", f1, 1, None)])
    case("structure", "no-final-crlf", "最終レコードの後に改行なし", {f1: raw[:-2]}, [("CSV-FINAL-LINE-END", f1, 2, None)])
    case("structure", "blank-line", "レコード間の空行", {f1: csv([r1[0], "", r1[1]])}, [("CSV-BLANK-LINE", f1, 2, None)])
    # The harness's own limit: 1000 findings of one rule per file, then one
    # FILE-FINDINGS-LIMIT at the first left out (record 1002: the 1001st blank line).
    dp = name("DLTPLAN", "202504", CM, "43", HOUMON, "11")
    case("structure", "findings-limit", "空行が1001行続く削除ファイル（同じルールの指摘は1000件まで）",
         {dp: csv([rec([V, INS1, P1, "202504"])] + [""] * 1001 + [rec([V, INS1, P2, "202504"])])},
         [("CSV-BLANK-LINE", dp, None, None, 1000), ("FILE-FINDINGS-LIMIT", dp, 1002, None)])
    fp, rp = one(us, "UPPLAN")
    H0 = name("UPHOSOKU", "000000", CM, "43", HOUMON, "11")
    unterminated = csv(rp[:-1]) + rp[-1].replace(q("見本ショートステイ"), '"見本ショートステイ').encode("cp932") + b"\r\n"
    case("structure", "unterminated-quote", "最終レコードの事業所名の閉じクォートなし", {fp: unterminated},
         [("CSV-UNTERMINATED-QUOTE", fp, 8, 21), ("CSV-FIELD-COUNT", fp, 8, None)])
    stray = [r for r in r1]
    stray[0] = set_field(stray[0], 24, '"本人が"大丈夫"と話す"')
    case("structure", "stray-quote", "フリーテキスト内の二重化されていないクォート", {f1: stray},
         [("CSV-STRAY-QUOTE", f1, 1, 24), ("CSV-STRAY-QUOTE", f1, 1, 24)])
    hdr = ",".join(["CSVバージョン", "保険者番号", "被保険者番号", "作成年月日"])
    fd = name("DLT1KYO", None, CM, "43", HOUMON, "11")
    case("structure", "header-row", "見出し行あり（削除ファイル）", {fd: [hdr, rec([V, INS1, P1, "20250325"])]}, [("CSV-HEADER-ROW", fd, 1, None)])
    hdr_en = ",".join(["csv_version", "insurer_no", "insured_no", "plan_date"])
    case("structure", "header-row-english", "英語の見出し行", {fd: [hdr_en, rec([V, INS1, P1, "20250325"])]}, [("CSV-HEADER-ROW", fd, 1, None)])
    case("structure", "header-only", "見出し行のみでデータなし", {fd: [hdr]}, [("CSV-HEADER-ROW", fd, 1, None), ("CSV-EMPTY-FILE", fd, None, None)])
    fdp = name("DLTPLAN", "202504", CM, "43", HOUMON, "11")
    case("structure", "field-count", "削除ファイルの項目が3つ", {fdp: [rec([V, INS1, P1])]}, [("CSV-FIELD-COUNT", fdp, 1, None)])
    uq = list(r1)
    uq[0] = set_field(uq[0], 9, "㈱見本ケアプランセンター")
    case("structure", "free-text-unquoted", "フリーテキストをクォートしていない", {f1: uq}, [("CSV-FREE-TEXT-UNQUOTED", f1, 1, 9)])
    qq = list(r1)
    qq[0] = set_field(qq[0], 4, '"20250325"')
    case("structure", "quoted-date", "作成年月日をクォートしている", {f1: qq}, [("CSV-QUOTED-NON-FREE-TEXT", f1, 1, 4)])
    eq = list(r1)
    eq[0] = set_field(eq[0], 26, "")
    case("structure", "empty-free-text-unquoted-ok", "空のフリーテキストは \"\" でも空でもよい", {f1: eq})

    # ---------------- fields (UPPLAN record 1 unless said)
    P = name("UPPLAN", "202504", CM, "43", HOUMON, "11")
    S = name("UPSIKYU", "202504", CM, "43", HOUMON, "11")
    H = name("UPHOSOKU", "202504", CM, "43", HOUMON, "11")

    def pcase(cid, title, recno, no, value, expect):
        case("field", cid, title, mutate(us, "UPPLAN", recno, no, value), [(r, P, recno, f) for (r, f) in expect] or None)

    pcase("required-insurer", "保険者番号が空", 1, 2, "", [("FLD-REQUIRED", 2)])
    pcase("required-unconfirmed-planner", "プラン担当者名が空（必須の印が未確認）", 1, 7, '""', [("FLD-REQUIRED-UNCONFIRMED", 7)])
    pcase("length-count", "サービス回数が3桁", 1, 14, "100", [("FLD-LENGTH", 14)])
    pcase("digits-full-width", "サービス回数が全角数字", 1, 14, "１", [("FLD-DIGITS", 14)])
    pcase("integer-separator", "単位数に桁区切り", 1, 8, '1,244', [("CSV-FIELD-COUNT", None)])
    pcase("integer-decimal", "単位数が小数", 1, 8, "244.5", [("FLD-INTEGER", 8)])
    pcase("integer-negative-ok", "減算の単位数（負数）は整数", 1, 8, "-50", [])
    pcase("date-april-31", "サービス利用日が4月31日", 2, 10, "20250431", [("FLD-DATE", 10)])
    pcase("time-2400", "サービス終了時刻が2400", 1, 13, "2400", [("FLD-TIME", 13)])
    pcase("time-colon", "サービス開始時刻がコロン区切り", 1, 12, "9:00", [("FLD-TIME", 12)])
    pcase("daily-rate-short", "日割対象日が5桁", 5, 11, "11111", [("FLD-DAILY-RATE-DAYS", 11)])
    pcase("daily-rate-ok", "日割対象日（1日～5日）", 5, 11, "1111100000000000000000000000000", [])
    pcase("insured-9-digits", "被保険者番号が9桁", 1, 3, "990000001", [("FLD-INSURED-NUMBER", 3)])
    pcase("insured-lower-h", "生保単独の被保険者番号が小文字h", 6, 3, "h990000022", [("FLD-INSURED-NUMBER", 3)])
    pcase("insurer-check-digit", "保険者番号の検証番号の誤り", 1, 2, "131012", [("FLD-INSURER-NUMBER", 2)])
    pcase("office-malformed", "サービス事業者コードが9桁", 1, 20, "137100002", [("FLD-OFFICE-NUMBER", 20)])
    pcase("office-check-digit", "サービス事業者コードの検査数字の誤り", 1, 20, "1371000020", [("FLD-OFFICE-CHECK-DIGIT", 20)])
    pcase("service-kind-unknown", "サービスコードの種類が未知（X9）", 1, 15, "X91111", [("FLD-SERVICE-KIND", 15)])
    pcase("service-kind-out-of-scope", "連携対象外の特定施設（33）のレコード", 1, 15, "331111", [("FLD-SERVICE-KIND-SCOPE", 15)])
    pcase("service-code-5-chars", "サービスコードが5桁", 1, 15, "11111", [("FLD-SERVICE-CODE", 15)])
    pcase("service-code-subtotal-in-plan", "第6表に第7表の小計コード", 1, 15, "11AAAA", [("FLD-SERVICE-CODE", 15)])
    pcase("tais-full-width-hyphen", "TAISコードが全角ハイフン（例示どおり）", 5, 16, "00170－000123", [("FLD-TAIS-FORMAT", 16)])
    pcase("welfare-without-codes", "福祉用具貸与にTAISコードも届出コードもない", 5, 16, "", [("FLD-WELFARE-EQUIPMENT-CODE", 16)])
    pcase("detail-code-on-home-help", "訪問介護に明細判別コード", 1, 19, "1", [("FLD-DETAIL-CODE", 19)])
    pcase("detail-code-on-rental-ok", "福祉用具貸与の明細判別コード", 5, 19, "1", [])
    pcase("use-date-other-month", "サービス利用日が翌月", 4, 10, "20250501", [("FLD-USE-DATE-MONTH", 10)])
    pcase("unused-identifier", "識別子に値", 1, 25, "1", [("FLD-UNUSED", 25)])
    pcase("code-30-days", "３０日超区分が2", 1, 23, "2", [("FLD-CODE", 23)])
    case("field", "decimal-unit-price", "単位数単価が1桁小数", mutate(us, "UPSIKYU", 3, 23, "11.4"), [("FLD-DECIMAL", S, 3, 23)])
    case("field", "yyyymm-month-13", "第7表の対象年月が13月", mutate(us, "UPSIKYU", 1, 5, "202513"),
         [("FLD-YYYYMM", S, 1, 5), ("FILE-MONTH-MISMATCH", S, 1, 5)])
    case("field", "postal-no-hyphen", "郵便番号にハイフンなし", mutate(us, "UPHOSOKU", 1, 9, "1000001"), [("FLD-POSTAL", H, 1, 9)])
    case("field", "care-level-one-digit", "要介護状態区分が1桁（2）", mutate(us, "UPHOSOKU", 1, 18, "2"), [("FLD-CODE", H, 1, 18)])
    case("field", "phone-too-long", "電話番号が15バイトを超える（全角）", mutate(us, "UPHOSOKU", 1, 12, "０３－００００－００００"), [("FLD-LENGTH", H, 1, 12)])
    K3 = name("UP3KYO", None, CM, "43", HOUMON, "11")
    case("field", "table3-time-9999", "第3表の時刻に9999（第6表のみ可）", mutate(ps, "UP3KYO", 1, 8, "9999"), [("FLD-TIME", K3, 1, 8)])
    case("field", "table3-weekday-8", "第3表の曜日が8", mutate(ps, "UP3KYO", 1, 7, "8"), [("FLD-CODE", K3, 1, 7)])
    K2 = name("UP2KYO", None, CM, "43", HOUMON, "11")
    case("field", "table2-insurance-flag", "第2表の保険対象区分が小文字y", mutate(ps, "UP2KYO", 1, 15, "y"), [("FLD-CODE", K2, 1, 15)])
    JK = name("DLTJSK", "202504", HOUMON, "11", CM, "43")
    case("field", "delete-jsk-facility", "実績削除のサービス種類が施設（51）", mutate(ds["DLTJSK"], "DLTJSK", 1, 6, "51"),
         [("FLD-SERVICE-KIND-SCOPE", JK, 1, 6)], role="サービス事業所")

    # ---------------- file
    pm = one(us, "UPPLAN")[1]
    pm = [set_field(r, 1, "202410") for r in pm]
    case("file", "csv-version-202410", "CSVバージョン202410（実在する出力の誤り）", replace(us, P, pm), [("FILE-CSV-VERSION-UNKNOWN", P, 1, 1)])
    pm = [set_field(r, 1, "202504") for r in one(us, "UPPLAN")[1]]
    case("file", "csv-version-4.0", "CSVバージョンが4.0版の202504", replace(us, P, pm), [("FILE-CSV-VERSION-REVISION", P, 1, 1)])
    pm = one(us, "UPPLAN")[1]
    pm[2] = set_field(pm[2], 1, "202208")
    case("file", "csv-version-mixed", "1ファイルにCSVバージョン混在", replace(us, P, pm),
         [("FILE-CSV-VERSION-MIXED", P, 3, 1), ("FILE-CSV-VERSION-REVISION", P, 3, 1)])
    pm = one(us, "UPPLAN")[1]
    pm[7] = set_field(set_field(pm[7], 5, "202505"), 10, "20250520")
    case("file", "month-mismatch", "ファイル名は4月、レコードは5月", replace(us, P, pm), [("FILE-MONTH-MISMATCH", P, 8, 5)])
    hs = one(us, "UPHOSOKU")[1]
    hs[0] = set_field(hs[0], 63, "000000")
    case("file", "hosoku-month-zero-in-use-set", "第6表側の利用者補足情報で対象年月が000000", replace(us, H, hs), [("FILE-HOSOKU-SET", H, 1, 63)])
    H0 = name("UPHOSOKU", "000000", CM, "43", HOUMON, "11")
    hs = one(ps, "UPHOSOKU")[1]
    hs[1] = set_field(hs[1], 4, "00000000")
    case("file", "hosoku-plan-date-zero-in-plan-set", "第1表側の利用者補足情報で作成日が00000000", replace(ps, H0, hs), [("FILE-HOSOKU-SET", H0, 2, 4)])
    sk = one(us, "UPSIKYU")[1]
    del sk[5]
    case("file", "sikyu-no-total", "2人目の第7表に全合計行がない", replace(us, S, sk), [("FILE-SIKYU-TOTAL", S, 4, 9)])

    # ---------------- send units and relations
    U1 = name("UP1KYO", None, CM, "43", HOUMON, "11")
    U2 = name("UP2KYO", None, CM, "43", HOUMON, "11")
    U3 = name("UP3KYO", None, CM, "43", HOUMON, "11")
    case("conformant", "export-folder-several-units", "1つの出力フォルダに複数の送信単位（計画・利用票・削除・実績）",
         {**ps, **use_set(ts="20250325093100"),
          name("DLT1KYO", None, CM, "43", HOUMON, "11", ts="20250325093200"): [rec([V, INS2, P2, "20240325"])],
          name("DLTPLAN", "202505", CM, "43", HOUMON, "11", ts="20250325093300"): [rec([V, INS1, P3, "202505"])],
          **js})
    without = {k: v for k, v in ps.items() if not k.startswith("UPHOSOKU")}
    case("unit", "plan-unit-missing-hosoku", "第1表の送信単位に利用者補足情報がない", without, [("UNIT-MISSING-MEMBER", U1, None, None)])
    without = {k: v for k, v in us.items() if not k.startswith("UPSIKYU")}
    case("unit", "use-unit-missing-sikyu", "第6表の送信単位に第7表がない", without, [("UNIT-MISSING-MEMBER", P, None, None)])
    D1 = name("DLT1KYO", None, CM, "43", HOUMON, "11")
    case("unit", "delete-in-plan-unit", "第1表の削除を第1表と同じ連番で送る", {**ps, D1: [rec([V, INS1, P1, "20250101"])]},
         [("UNIT-EXTRA-MEMBER", D1, None, None)])
    H5 = name("UPHOSOKU", "202505", CM, "43", HOUMON, "11")
    case("unit", "second-hosoku", "第6表の送信単位に利用者補足情報が2つ（4月と5月）", {**us, H5: one(use_set("202505"), "UPHOSOKU")[1]},
         [("UNIT-EXTRA-MEMBER", H5, None, None)])
    U3b = name("UP3KYO", None, CM, "43", HOUMON, "11", ts="20250325093001")
    moved = {k: v for k, v in ps.items() if k != U3}
    moved[U3b] = ps[U3]
    case("unit", "serial-differs", "第3表だけ連番が1秒ずれている", moved, [("UNIT-SERIAL-MISMATCH", U3b, None, None)])
    H0b = name("UPHOSOKU", "000000", CM, "43", HOUMON, "15")
    moved = {k: v for k, v in ps.items() if not k.startswith("UPHOSOKU")}
    moved[H0b] = ps[H0]
    case("unit", "party-differs", "利用者補足情報だけ送信先サービス種類が違う（15）", moved, [("UNIT-PARTY-MISMATCH", H0b, None, None)])
    S5 = name("UPSIKYU", "202505", CM, "43", HOUMON, "11")
    moved = {k: v for k, v in us.items() if k != S}
    moved[S5] = us[S]
    case("unit", "sikyu-name-month-differs", "第7表のファイル名の年月だけ5月", moved,
         [("UNIT-MONTH-MISMATCH", S5, None, None)] + [("FILE-MONTH-MISMATCH", S5, r, 5) for r in range(1, 7)])
    Jrev = name("UPJSK", "202504", HOUMON, "43", CM, "11")
    case("unit", "jisseki-kinds-swapped", "実績のサービス種類を逆に書いた名前（本文の例示と同じ）", {Jrev: one(js, "UPJSK")[1]},
         [("NAME-DIRECTION", Jrev, None, None)], role="サービス事業所")
    k2 = list(ps[U2])
    k2[0] = set_field(k2[0], 5, "20250326")
    case("relation", "table2-plan-date-differs", "第2表の計画作成日が第1表と違う", replace(ps, U2, k2), [("REL-NO-PLAN", U2, 1, 5)])
    sk = list(us[S]) + [
        sikyu(INS1, P3, "202504", "試験訪問介護ステーション", HOUMON, "111111", "244", "2"),
        sikyu(INS1, P3, "202504", "", "9999999999", "999999", "0", "0", total=True, kind_total=str(488)),
    ]
    case("relation", "sikyu-user-not-in-plan", "第7表に第6表にいない利用者", replace(us, S, sk),
         [("REL-NO-USE-SLIP", S, 7, 5), ("REL-NO-USE-SLIP", S, 8, 5)])
    pl = list(us[P]) + [plan(INS1, P3, "202504", "20250405", "1000", "1030", "111111", "244", HOUMON, "試験訪問介護ステーション")]
    case("relation", "plan-user-without-sikyu", "第6表の利用者に第7表がない", replace(us, P, pl), [("REL-NO-SIKYU", P, 9, 5)])
    hs = list(us[H])
    hs[1] = set_field(set_field(hs[1], 3, P3), 2, INS1)
    case("relation", "hosoku-user-not-in-plan", "利用者補足情報の利用者が第6表にいない", replace(us, H, hs), [("REL-NO-USE-SLIP", H, 2, 63)])

    # ---------------- 第7表 summary rows
    def with_subtotal(drop_subtotal=False):
        u = use_set()
        pl = list(u[P])
        pl[4:4] = [plan(INS1, P1, "202504", "202504" + d, "1400", "1500", "111211", "387", HOUMON, "試験訪問介護ステーション") for d in ("05", "19")]
        rows = [
            sikyu(INS1, P1, "202504", "試験訪問介護ステーション", HOUMON, "111111", "244", "4"),
            sikyu(INS1, P1, "202504", "試験訪問介護ステーション", HOUMON, "111211", "387", "2"),
        ]
        if not drop_subtotal:
            rows.append(subtotal(INS1, P1, "202504", "試験訪問介護ステーション", HOUMON, "11", str(244 * 4 + 387 * 2)))
        rows += [
            sikyu(INS1, P1, "202504", "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
            sikyu(INS1, P1, "202504", "", "9999999999", "999999", "0", "0", total=True, kind_total=str(244 * 4 + 387 * 2 + 600)),
        ] + list(u[S])[3:]
        u[P], u[S] = pl, rows
        return u
    case("conformant", "use-set-with-subtotal", "訪問介護が2種類のサービスコード：11AAAA 小計行つきの第7表", with_subtotal())
    case("file", "sikyu-subtotal-missing", "訪問介護が2行あるのに 11AAAA 小計行がない", with_subtotal(True), [("FILE-SIKYU-SUBTOTAL", S, 1, 9)])
    sk = list(us[S])
    sk[2] = set_field(sk[2], 13, "1576")
    case("file", "sikyu-total-units", "全合計行の単位数が0でない", replace(us, S, sk), [("FILE-SIKYU-SUMMARY-ROW", S, 3, 13)])
    sk = list(us[S])
    sk[0] = set_field(sk[0], 7, "9999999999")
    case("file", "sikyu-sentinel-on-detail", "明細行のサービス事業所コードが9999999999", replace(us, S, sk), [("FILE-SIKYU-SENTINEL-ON-DETAIL", S, 1, 7)])
    u = with_subtotal()
    sk = list(u[S])
    sk[2] = set_field(sk[2], 7, "9999999999")
    case("file", "sikyu-subtotal-sentinel-office", "小計行のサービス事業所コードが9999999999", replace(u, S, sk), [("FILE-SIKYU-SUBTOTAL-OFFICE", S, 3, 7)])
    sk = list(us[S])
    sk[1] = set_field(sk[1], 34, "")
    case("file", "sikyu-no34-empty", "第7表 No.34 事業所コードが空（9999999999固定）", replace(us, S, sk), [("FLD-FIXED-VALUE", S, 2, 34)])
    sk = list(us[S])
    sk[0] = set_field(sk[0], 9, "小計")
    case("field", "sikyu-code-in-kanji", "第7表のサービスコードが漢字（小計）", replace(us, S, sk), [("FLD-SERVICE-CODE", S, 1, 9)])
    # Two 通所介護 offices with one row each: no subtotal is required.
    TSUSHO2 = "1371000066"
    u = use_set()
    pl = list(u[P])
    pl[6] = set_field(set_field(pl[6], 20, TSUSHO2), 21, q("見本第二デイサービス"))
    sk = list(u[S])
    sk[3:4] = [
        sikyu(INS2, P2, "202504", "見本デイサービス", TSUSHO, "151111", "658", "1"),
        sikyu(INS2, P2, "202504", "見本第二デイサービス", TSUSHO2, "151111", "658", "1"),
    ]
    u[P], u[S] = pl, sk
    case("conformant", "use-set-two-day-care-offices", "通所介護を2事業所で1回ずつ：事業所ごとに1行なので小計行は不要", u)
    # A 第7表 for May with its own 連番 beside April's 第6表: two incomplete units.
    may = use_set("202505", ts="20250425093000")
    S5b = name("UPSIKYU", "202505", CM, "43", HOUMON, "11", ts="20250425093000")
    apr = {k: v for k, v in us.items() if k != S}
    case("unit", "next-month-sikyu-alone", "4月の第6表と、別の連番の5月の第7表", {**apr, S5b: may[S5b]},
         [("UNIT-MISSING-MEMBER", P, None, None), ("UNIT-MISSING-MEMBER", S5b, None, None), ("UNIT-MISSING-MEMBER", S5b, None, None)])
    # A stray April 利用者補足情報 in May's unit: the April file is the extra one.
    may = use_set("202505")
    H4 = name("UPHOSOKU", "202504", CM, "43", HOUMON, "11")
    case("unit", "stray-hosoku-other-month", "5月の送信単位に4月の利用者補足情報が混入", {**may, H4: us[H]},
         [("UNIT-EXTRA-MEMBER", H4, None, None)])
    sk = list(us[S])
    sk[5] = set_field(sk[5], 15, "1919")
    case("file", "sikyu-total-discount", "全合計行に割引後単位数", replace(us, S, sk), [("FILE-SIKYU-SUMMARY-ROW", S, 6, 15)])
    sk = list(us[S])
    sk.insert(6, sk[5])
    case("file", "sikyu-total-twice", "2人目の全合計行が2行", replace(us, S, sk), [("FILE-SIKYU-TOTAL-DUPLICATE", S, 7, 9)])

    # ---------------- revision 3.2 (CSVバージョン 202208, names without service kinds)
    def v32(records, drop):
        out = []
        for r in records:
            f = split(r)
            f[0] = "202208"
            out.append(",".join(x for i, x in enumerate(f, 1) if i not in drop))
        return out

    def name32(prefix, month, sender, receiver, ts=TS):
        return "_".join([prefix] + ([month] if month else []) + [sender, receiver, ts]) + ".CSV"

    def set32(files, month):
        out = {}
        for k, recs in files.items():
            prefix = k.split("_")[0]
            if prefix == "UP3KYO":
                continue
            drop = {"UPPLAN": {16, 17, 18}, "UPJSK": {16, 17, 18}, "UPSIKYU": {10, 11, 12}}.get(prefix, set())
            recs = v32(recs, drop)
            if month and prefix in ("UPPLAN", "UPSIKYU", "UPJSK"):
                recs = [r.replace(",202504,", f",{month},").replace(",202504", f",{month}") for r in recs]
            parts = k[:-4].split("_")
            m = parts[1] if prefix in ("UPPLAN", "UPSIKYU", "UPHOSOKU", "UPJSK", "DLTPLAN", "DLTJSK") else None
            if m and m != "000000" and month:
                m = month
            sender, receiver = (parts[2], parts[4]) if m else (parts[1], parts[3])
            out[name32(prefix, m, sender, receiver)] = recs
        return out

    def shift_days(files, month):
        out = {}
        for k, recs in files.items():
            out[k] = [r.replace("202504", month).replace(f"{month}0325", "20250325") for r in recs]
        return out

    ps32 = set32(ps, None)
    # 3.2 UPHOSOKU of the plan set: 000000 in the name and No.63.
    case("rev32", "conformant-plan-set", "3.2版の計画（第1・2表と利用者補足情報）：サービス種類コードのない名前、CSVバージョン 202208", ps32)
    us32 = set32(shift_days(us, "202303"), "202303")
    case("rev32", "conformant-use-set", "3.2版の第6表（22項目）・第7表（34項目）・利用者補足情報（2023年3月）", us32)
    js32 = set32(shift_days(js, "202303"), "202303")
    case("rev32", "conformant-jisseki", "3.2版の実績（2023年3月）", js32, role="サービス事業所")
    named41 = {}
    for k, recs in us32.items():
        parts = k[:-4].split("_")
        named41[name(parts[0], parts[1], parts[2], "43", parts[3], "11")] = recs
    # 第6表・第7表 have fewer fields in 3.2: the content tells. 利用者補足情報
    # has as many in both: the name decides, and the version is what is wrong.
    case("rev32", "use-set-with-4.1-names", "3.2版の内容に4.1版の名前（サービス種類コードあり）",
         named41, [("FILE-REVISION-MISMATCH", k, None, None) if not k.startswith("UPHOSOKU") else ("FILE-CSV-VERSION-REVISION", k, 1, 1)
                   for k in named41])
    late = set32(shift_days(us, "202506"), "202506")
    case("rev32", "late-version", "2025年6月分を3.2版（202208）で出力（4.1版の適用後）",
         late, [("FILE-CSV-VERSION-MONTH", k, 1, 1) for k in late])
    early = {k.replace("_202504_", "_202503_"): [r.replace("202504", "202503").replace("2025030325", "20250325") for r in v]
             for k, v in use_set().items()}
    case("rev32", "too-early-for-4.1", "2025年3月分を4.1版（202407）で出力（適用前）",
         early, [("FILE-CSV-VERSION-MONTH", k, 1, 1) for k in early], revision="4.1")

    k3 = name("UP3KYO", None, CM, "43", HOUMON, "11")
    case("rev32", "table3-with-3.2-version", "第3表（4.0で追加）にCSVバージョン 202208：4.1の第3表として検査し、版の値を指摘", {k3: [set_field(r, 1, "202208") for r in ps[k3]]},
         [("FILE-CSV-VERSION-REVISION", k3, 1, 1)], units=False, revision="4.1")

    # ---------------- 介護予防 (利用者基本情報, 介護予防サービス・支援計画書)
    ks = kihon_set()
    KH, KS1, KS2 = (one(ks, k)[0] for k in ("UPKIHON", "UPKIHON_SUB1", "UPKIHON_SUB2"))
    YB, YS = one(ks, "UPYOBO")[0], one(ks, "UPYOBO_SUB")[0]
    IMG = [k for k in ks if k.startswith("UPKIHON_IMAGE")][0]
    case("yobo", "conformant-kihon-and-plan", "委託なし：地域包括支援センターから利用者基本情報（別表1・2、家族構成画像）と介護予防サービス・支援計画書",
         ks, role="地域包括支援センター")
    case("yobo", "conformant-kihon-alone", "利用者基本情報だけの送信単位（画像なし）",
         kihon_set(with_yobo=False, image=False), role="地域包括支援センター")
    case("yobo", "conformant-itaku", "委託あり：委託を受けた居宅介護支援事業所（43）から",
         kihon_set(sender=CM, skind="43", itaku="2"), role="居宅介護支援")
    case("yobo", "conformant-deletes", "利用者基本情報と計画書の削除", {
        name("DLTKIHON", None, HOUKATSU, "46", KANGO, "63", ts="20250327090000"): [rec([V, INS1, P4, "20250320"])],
        name("DLTYOBO", None, HOUKATSU, "46", KANGO, "63", ts="20250327090100"): [rec([V, INS1, P4, "20250325"])],
    }, role="地域包括支援センター")
    u = dict(ks)
    u[IMG] = b"\x89PNG\r\n\x1a\n" + bytes(32)
    case("yobo", "image-not-jpeg", "家族構成画像がPNG", u, [("ENC-JPEG", IMG, None, None)], role="地域包括支援センター")
    u = dict(ks)
    del u[IMG]
    case("yobo", "image-missing", "利用者基本情報が記載する家族構成画像がない", u, [("REL-IMAGE-MISSING", KH, 1, 62)], role="地域包括支援センター")
    u = dict(ks)
    u[IMG.replace("_0001.", "_0002.")] = JPEG
    case("yobo", "image-unreferenced", "記載のない2枚目の家族構成画像", u,
         [("REL-IMAGE-UNREFERENCED", IMG.replace("_0001.", "_0002."), None, None)], role="地域包括支援センター")
    u = dict(ks)
    bad = IMG.replace("_0001.", "_1.")
    u[bad] = u.pop(IMG)
    u[KH] = [set_field(r, 62, q(bad)) for r in u[KH]]
    case("yobo", "image-branch", "家族構成画像の枝番が1桁", u, [("NAME-BRANCH", bad, None, None)], role="地域包括支援センター")
    u = dict(ks)
    u[KS2] = [set_field(r, 4, "20250321") for r in u[KS2]]
    case("yobo", "sub2-other-date", "別表2の相談日が利用者基本情報と違う", u,
         [("REL-NO-PLAN", KS2, 1, 4), ("REL-NO-PLAN", KS2, 2, 4)], role="地域包括支援センター")
    u = dict(ks)
    del u[KH]
    u = {k: v for k, v in u.items() if not k.startswith("UPKIHON_IMAGE")}
    case("yobo", "sub-without-kihon", "利用者基本情報のない別表", u, [("UNIT-MISSING-MEMBER", KS1, None, None)], role="地域包括支援センター")
    u = dict(ks)
    u[KH] = [set_field(r, 23, "06")]  if False else [set_field(r, 23, "06") for r in u[KH]]
    case("yobo", "kihon-care-level-06", "利用者基本情報の要介護状態区分に06（この表では01:非該当）", u, [("FLD-CODE", KH, 1, 23)], role="地域包括支援センター")
    u = dict(ks)
    u[KH] = [set_field(r, 6, "") for r in u[KH]]
    case("yobo", "itaku-empty", "委託の有無が空（必須の印が未確認）", u, [("FLD-REQUIRED-UNCONFIRMED", KH, 1, 6)], role="地域包括支援センター")
    u = dict(ks)
    rows = list(u[YS])
    rows[1], rows[2] = rows[2], rows[1]
    rows[2] = set_field(rows[2], 10, "1")
    case("yobo", "sub-numbering", "別表の行が番号の順でない", {**u, YS: rows}, [("FILE-NUMBERING", YS, 3, 5)], role="地域包括支援センター")
    u = dict(ks)
    u[YS] = [set_field(r, 5, '"1"') if i == 0 else r for i, r in enumerate(u[YS])]
    case("yobo", "sub-number-quoted", "課題ＮＯを \"\" で囲んでも囲まなくてもよい", u, role="地域包括支援センター")
    # 介護予防 サービス利用票 (the 第6表 layout) from the 地域包括支援センター (46).
    m = "202504"
    pl = [plan(INS1, P4, m, "202504" + d, "1000", "1030", "631111", "303", KANGO, "見本訪問看護ステーション", updater=HOUKATSU) for d in ("07", "21")]
    pl = [set_field(set_field(r, 6, HOUKATSU), 7, q("見本 包括子")) for r in pl]
    pl += [set_field(set_field(plan(INS1, P5, m, "202504" + d, "1000", "1500", "A51111", "436", SOGO, "見本通所サービス", updater=HOUKATSU), 6, HOUKATSU), 7, q("見本 包括子")) for d in ("02", "09", "16", "23")]
    sk = [
        sikyu(INS1, P4, m, "見本訪問看護ステーション", KANGO, "631111", "303", "2"),
        sikyu(INS1, P4, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="606"),
        sikyu(INS1, P5, m, "見本通所サービス", SOGO, "A51111", "436", "4"),
        sikyu(INS1, P5, m, "", "9999999999", "999999", "0", "0", total=True, kind_total="1744"),
    ]
    sk = [set_field(r, 36, HOUKATSU) for r in sk]
    hs = [set_field(set_field(hosoku(m, INS1, P4, "レイジ ハルコ", "例示 春子", "2", "19420320", ""), 18, "12"), 20, "63"),
          set_field(set_field(hosoku(m, INS1, P5, "レイジ ナツオ", "例示 夏夫", "1", "19470808", ""), 18, "06"), 20, "A5")]
    hs = [set_field(set_field(set_field(r, 59, ""), 60, HOUKATSU), 61, HOUKATSU) for r in hs]
    ts2 = "20250325100000"
    case("yobo", "conformant-use-slip-yobo-and-sogo", "介護予防と総合事業（事業対象者）のサービス利用票：地域包括支援センター（46）から", {
        name("UPPLAN", m, HOUKATSU, "46", KANGO, "63", ts=ts2): pl,
        name("UPSIKYU", m, HOUKATSU, "46", KANGO, "63", ts=ts2): sk,
        name("UPHOSOKU", m, HOUKATSU, "46", KANGO, "63", ts=ts2): hs,
    }, role="地域包括支援センター")

    # ---------------- regressions found in review
    forgot = {k: [set_field(r, 1, "202208") for r in v] for k, v in use_set().items()}
    case("rev32", "4.1-names-old-version", "4.1の名前と項目数で、CSVバージョンだけ202208のまま：版の値を指摘し4.1として検査",
         forgot, [("FILE-CSV-VERSION-REVISION", k, 1, 1) for k in forgot], revision="4.1")
    u3 = "UP3KYO_" + CM + "_" + HOUMON + "_" + TS + ".CSV"
    case("rev32", "table3-with-3.2-name", "3.2の書式の名前の第3表（3.2にない種別）にCSVバージョン 202208",
         {u3: [set_field(r, 1, "202208") for r in ps[k3]]},
         [("FILE-REVISION-MISMATCH", u3, None, None), ("NAME-SEGMENTS", u3, None, None), ("FILE-CSV-VERSION-REVISION", u3, 1, 1)],
         units=False, revision="4.1")
    hdr41 = ",".join(["CSVバージョン", "保険者番号", "被保険者番号"])
    withhdr = {k: [hdr41] + v for k, v in us32.items()}
    named = {}
    for k, recs in withhdr.items():
        parts = k[:-4].split("_")
        named[name(parts[0], parts[1], parts[2], "43", parts[3], "11")] = recs
    case("rev32", "header-then-3.2-content-4.1-names", "見出し行のあとに3.2版の内容、名前は4.1版",
         named, [(r, k, f, None) for k in named for (r, f) in (
             (("FILE-REVISION-MISMATCH", None), ("CSV-HEADER-ROW", 1)) if not k.startswith("UPHOSOKU")
             else (("FILE-CSV-VERSION-REVISION", 2), ("CSV-HEADER-ROW", 1)))], revision="3.2")
    bad = list(us[P])
    bad[0] = bad[0] + ',"extra"'
    case("relation", "malformed-parent-record", "第6表のレコードの項目数が違う：紐づけの判定は控える", replace(us, P, bad),
         [("CSV-FIELD-COUNT", P, 1, None)])
    moved = dict(ks)
    s1b = KS1.replace("_" + TS + ".", "_20250325093001.")
    moved[s1b] = moved.pop(KS1)
    case("yobo", "sub1-other-serial", "別表1だけ連番が1秒ずれている", moved, [("UNIT-SERIAL-MISMATCH", s1b, None, None)], role="地域包括支援センター")
    padded = dict(ks)
    padded[IMG] = JPEG + bytes(16)
    case("yobo", "image-padded-ok", "終了マーカーの後に埋め草のあるJPEG", padded, role="地域包括支援センター")
    cont = dict(ks)
    rows = list(cont[YS])
    rows.insert(1, set_field(set_field(rows[0], 15, q("介護予防訪問看護（看護職）")), 16, q("見本訪問看護ステーション")))
    case("yobo", "sub-continuation-row", "同じ番号の続きの行（番号を繰り返す）は順序の誤りではない", {**cont, YS: rows}, role="地域包括支援センター")

    print(f"{len(written)} cases written under {os.path.relpath(ROOT)}")


if __name__ == "__main__":
    main()
