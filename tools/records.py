"""Records of every file kind, written from the standard's layouts, for the
scenario pack (tools/make_scenarios.py) and the benchmark corpus
(tools/gen_corpus.py). The bundled cases under cases/ are not generated:
each case folder is its own source of truth (README, "Layout of the
repository").

All people, offices and numbers are fictitious; office numbers, 保険者番号
and 被保険者番号 are made up but carry valid check digits where the standard
defines one.
"""
from decimal import Decimal, ROUND_FLOOR

V = "202407"
TS = "20250325093000"
CM = "1371000017"  # 居宅介護支援事業所（架空）
HOUMON = "1371000025"  # 訪問介護
YOUGU = "1371000033"  # 福祉用具貸与
TSUSHO = "1371000041"  # 通所介護
SHORT = "1371000058"  # 短期入所生活介護
INS1, INS2 = "131011", "131029"
P1, P2, P3 = "9900000011", "H990000022", "9900000033"

# 区分支給限度基準額 from 2019-10 (告示第33号; harness/src/spec/tariff/limits.json). 06 事業対象者 is the
# municipality's: the fictitious municipality sets it at 要支援1's.
LIMITS = {"06": "5032", "12": "5032", "13": "10531", "21": "16765", "22": "19705", "23": "27048", "24": "30938", "25": "36217"}

# 1単位の単価 of 1級地 (the offices are in 東京都特別区) by service kind, from 2024-04 (告示第93号;
# harness/src/spec/tariff/unit-prices.json). A1–A8 are the municipality's: the fictitious one uses 11.40.
PRICES = {"11": "11.40", "12": "11.40", "13": "11.40", "63": "11.40", "76": "11.40", "71": "11.40",
          "14": "11.10", "16": "11.10", "21": "11.10", "73": "11.10", "75": "11.10", "77": "11.10", "68": "11.10",
          "15": "10.90", "78": "10.90", "22": "10.90",
          "17": "10.00", "67": "10.00", "31": "10.00", "34": "10.00",
          "A1": "11.40", "A5": "11.40"}
RATE = "90"  # 給付率 (1割負担)


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
    f[18] = LIMITS["22"]
    f[19], f[20], f[21], f[22] = "11", "", "", ""
    f[55], f[56], f[57] = "0", "", ""
    f[58] = "21"
    f[59], f[60] = CM, CM
    f[61] = ""
    f[62] = month_set
    return rec(f)


def with_level(record, level):
    """A 利用者補足情報 record of another 要介護状態区分, with that level's 区分支給限度基準額."""
    return set_field(set_field(record, 18, level), 19, LIMITS[level])


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
    """A kind+AAAA 区分支給対象種類別小計 row: 単位数 0, 割引後 empty; its amounts come from `priced`."""
    f = [""] * 37
    f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", month
    f[5], f[6], f[7], f[8] = q(oname), office, "", kind + "AAAA"
    f[11] = q("")
    f[12], f[15] = "0", "0"
    f[16], f[17], f[21] = kind_total, kind_total, kind_total
    f[32], f[33] = "0", "9999999999"
    f[35] = CM
    return rec(f)


def sikyu(ins, person, month, oname, office, code, units, count, tais="", yname="", total=False, kind_total=None):
    """A 第7表 detail row, or with `total` a user's 999999 全合計 row; the amounts come from `priced`."""
    f = [""] * 37
    f[0], f[1], f[2], f[3], f[4] = V, ins, person, "20250325", month
    f[5], f[6], f[7], f[8] = q(oname), office, "", code
    f[9], f[10], f[11] = tais, "", q(yname)
    if total:
        f[12], f[13], f[14], f[15] = "0", "", "", "0"
        f[16], f[17], f[21] = kind_total, kind_total, kind_total
    else:
        f[12], f[13], f[14], f[15] = units, "", "", count
        amount = str(int(units) * int(count))  # サービス単位／金額 = 単位数 × 回数
        f[16], f[17], f[21] = amount, amount, amount
    f[32] = "0"
    f[33] = "9999999999"  # No.34 事業所コード「9999999999を固定でセット」(READINGS.md)
    f[35], f[36] = CM, ""
    return rec(f)


def _floor(x):
    return int(x.to_integral_value(rounding=ROUND_FLOOR))


def priced(records):
    """The 第7表 rows of one or more users with their amounts, as the 記載例 of the 別表 compute them: each
    office's kind carries its own on its kind+AAAA subtotal, or on its one detail row (単位数単価 of the kind;
    費用総額 = ⌊区分支給限度基準内単位数 × 単価⌋; 請求額 = ⌊費用総額 × 給付率 / 100⌋; 利用者負担 = 費用総額 − 請求額),
    and the 全合計 row carries their sums."""
    rows = [split(r) for r in records]
    for user in dict.fromkeys((r[1], r[2]) for r in rows):
        mine = [r for r in rows if (r[1], r[2]) == user]
        groups = {}
        for r in mine:
            if r[8] != "999999":
                groups.setdefault((r[6], r[7], r[8][:2]), []).append(r)
        sums = [0, 0, 0]
        for (_, _, kind), rs in groups.items():
            subtotals = [r for r in rs if r[8].endswith("AAAA")]
            assert subtotals or len(rs) == 1, ("several rows of a kind need a kind+AAAA subtotal", user, kind)
            row = subtotals[0] if subtotals else rs[0]
            cost = _floor(Decimal(row[21]) * Decimal(PRICES[kind]))
            claim = _floor(Decimal(cost) * int(RATE) / 100)
            row[22], row[23], row[24], row[25], row[27] = PRICES[kind], str(cost), RATE, str(claim), str(cost - claim)
            sums = [sums[0] + cost, sums[1] + claim, sums[2] + cost - claim]
        total = [r for r in mine if r[8] == "999999"][0]
        total[23], total[25], total[27] = (str(v) for v in sums)
    return [",".join(r) for r in rows]


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


# The people of the 介護予防 sets: (被保険者番号, フリガナ, 氏名, 性別, 生年月日, 要介護状態区分).
KIHON_PEOPLE = {
    P4: ("レイジ ハルコ", "例示 春子", "2", "19420320", "12"),
    "9900000066": ("レイジ フユコ", "例示 冬子", "2", "19441205", "13"),
    "9900000099": ("レイジ ユキコ", "例示 雪子", "2", "19410115", "13"),
}


def kihon_set(sender=HOUKATSU, skind="46", receiver=KANGO, rkind="63", ts=TS, itaku="1", with_yobo=True, image=True,
              person=P4, sub_rows=None, soudan="20250320", plan_date="20250325"):
    """利用者基本情報（別表1・2、家族構成画像）and, with it, the 介護予防サービス・支援計画書.

    UPYOBO_SUB numbers every row, as the annex's 記載例 says: 「同一の課題NOに複数の支援計画を含める場合は、課題NOを
    同一にして支援計画NOに連番を入力する」, 「同一の支援計画NOに複数の利用サービスを含める場合は、支援計画NOを同一にして
    利用サービスNOに連番を入力する」; the other items of a 課題 or 支援計画 only on its first row (「NO以外の項目は最初の行
    のみに内容を記載して2回目以降は空欄とする」)."""
    kana, nm, sex, birth, level = KIHON_PEOPLE[person]
    img = name("UPKIHON_IMAGE", None, sender, skind, receiver, rkind, ts=ts + "_0001", ext="jpg") if image else ""
    files = {}
    files[name("UPKIHON", None, sender, skind, receiver, rkind, ts=ts)] = [
        kihon(INS1, person, soudan, "1", itaku, kana, nm, sex, birth, level, image=img)]
    files[name("UPKIHON_SUB1", None, sender, skind, receiver, rkind, ts=ts)] = kihon_sub1(INS1, person, soudan, [
        ("6:30", "起床、ラジオ体操", ""), ("7:30", "朝食", "長女が準備"), ("10:00", "散歩（30分）", "")])
    files[name("UPKIHON_SUB2", None, sender, skind, receiver, rkind, ts=ts)] = kihon_sub2(INS1, person, soudan, [
        ("R3年4月", "変形性膝関節症", "見本整形外科 見本 医師", "1", "03-0000-5555", "01", "湿布、月1回受診"),
        ("H30年", "高血圧症", "見本内科", "2", "", "02", "降圧剤")])
    if image:
        files[img] = JPEG
    if with_yobo:
        files[name("UPYOBO", None, sender, skind, receiver, rkind, ts=ts)] = [
            yobo(INS1, person, plan_date, "1", itaku, nm, "1")]
        files[name("UPYOBO_SUB", None, sender, skind, receiver, rkind, ts=ts)] = yobo_sub(INS1, person, plan_date, sub_rows or [
            ("1", "膝の痛みで外出が減っている", "膝の負担を減らして歩く", "買い物に行けるようになりたい", "週2回、近所の店まで歩く",
             "1", "歩行の安定", "毎朝の散歩", "介護予防訪問看護（リハビリ職）", "1", "介護予防訪問看護", "見本訪問看護ステーション", "2025/04/01～2025/09/30"),
            ("1", "", "", "", "", "1", "", "", "", "2", "介護予防福祉用具貸与", "見本福祉用具サービス", "2025/04/01～2025/09/30"),
            ("1", "", "", "", "", "2", "閉じこもり予防", "町内会の集まり", "", "1", "地域の通いの場", "見本町内会", "2025/04/01～"),
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
        ("1", "", "1", "", "", "", "", "2", "見守り、声かけ\r\n（長女が週末に対応）", "", "家族", "", "長女", "週末", "2025/04/01～2025/09/30"),
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
    s = priced([
        sikyu(INS1, P1, month, "試験訪問介護ステーション", HOUMON, "111111", "244", "4"),
        sikyu(INS1, P1, month, "見本福祉用具サービス", YOUGU, "171001", "600", "1", tais="00170-000123", yname="自走式車いす　ＫＸ－１"),
        sikyu(INS1, P1, month, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(244 * 4 + 600)),
        sikyu(INS2, P2, month, "見本デイサービス", TSUSHO, "151111", "658", "2"),
        sikyu(INS2, P2, month, "見本ショートステイ", SHORT, "211111", "603", "1"),
        sikyu(INS2, P2, month, "", "9999999999", "999999", "0", "0", total=True, kind_total=str(658 * 2 + 603)),
    ])
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


# ---------------------------------------------------------------- helpers
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
