//! The consistency level (整合): the figures of a サービス利用票別表 (第7表,
//! UPSIKYU) against each other, against the dated tariff
//! (`src/spec/tariff/`: unit prices by 地域区分, 区分支給限度基準額) and
//! against the 第6表 and 利用者補足情報 sent with it.
//!
//! The standard's annex names the 別表's columns but gives no arithmetic
//! between them; the 記載要領 of the 別表 (老企第29号 別紙1) could not be
//! read item by item. Each rule therefore rests on what could be read: the
//! 告示 (1円未満の端数切り捨て, the unit price of each 地域区分 and service
//! kind, the 区分支給限度基準額), MHLW's worked 記載例 of the 別表 (every
//! figure printed), the surviving sentence of the 記載要領 on 回数, and
//! the annex. Each rule's documentation says which, gives the formula and a
//! worked example, and names what it leaves alone. Relations that rest on
//! the column names only (種類支給限度, 短期入所の日数, 給付管理単位数 against
//! サービス単位／金額, the 給付率 itself) are not checked.
//!
//! All rules are warnings: the readings are ours, not the standard's
//! words. A figure whose field already carries a finding (an error or a
//! warning of an earlier level), and a row whose keys do, is left out: no
//! finding on top of the intended one.

use std::collections::BTreeMap;

// Sets and maps that are only looked up, never listed: hashed with
// foldhash (randomly seeded), not SipHash.
use foldhash::{HashMap, HashSet};

use crate::fact::{Fact, KindPrices};
use crate::finding::{Finding, Position};
use crate::result::{CareLimit, FileResult, ServiceLine, SikyuUser};
use crate::rules::unit::Formed;
use crate::rules::{file_finding, Issue, RoleNeed};
use crate::spec::tariff::PriceLookup;
use crate::spec::{KindSpec, Revision, Role, SummaryRow};

rules! {
    level: Consistency;
    CON_SIKYU_AMOUNT = {
        id: "CON-SIKYU-AMOUNT", severity: Warning,
        spec_ref: "別紙 第7表 No.13 単位数, No.15 割引後単位数, No.16 回数／日数, No.17 サービス単位金額; 厚生労働省「サービス利用票別表の記載例」",
        title_ja: "サービス単位金額が 単位数 × 回数 と一致しません",
        title_en: "サービス単位金額 is not 単位数 × 回数",
        doc: "Formula: on a detail row (not a kind+AAAA/EEEE/ZZZZ subtotal, not 999999), サービス単位金額 (No.17) = U × 回数／日数 (No.16), where U is 割引後単位数 (No.15) when it is given and 単位数 (No.13) otherwise.\n\nSource: MHLW's worked 記載例 of the サービス利用票別表 print every detail row so (記載例6: 401 × 5 = 2,005, 871 × 8 = 6,968; 記載例33-1: 755 × 30 = 22,650, −30 × 20 = −600, 18 × 30 = 540), and the annex's 第6表 No.8 says the units scheduled are the discounted ones (「※割引後単位数を記載」). The 記載要領's own sentence for this column was not found; the relation is shipped because the worked examples fix it and nothing needs to be assumed beyond them.\n\nWorked example: 訪問介護 111111, 単位数 244, 回数 4: 244 × 4 = 976.\n\nNot checked: a row whose サービス単位金額 is empty, or whose 単位数 or 回数 is 0 (rate-based 加算 such as 処遇改善加算, whose units a product computes from the other rows: the annex lets a 実績 carry 0 「単位数を計算できない場合」); negative units (減算) are valid and multiplied as they are.",
        fails: "111111: 単位数 244, 回数 4, サービス単位金額 967",
        passes: "サービス単位金額 976",
    }
    CON_SIKYU_SPLIT = {
        id: "CON-SIKYU-SPLIT", severity: Warning,
        spec_ref: "別紙 第7表 No.17 サービス単位金額, No.18 給付管理単位数, No.21 区分支給限度基準超単位数, No.22 区分支給限度基準内単位数; 厚生労働省「サービス利用票別表の記載例」",
        title_ja: "区分支給限度基準内単位数が 単位数 − 区分支給限度基準超単位数 と一致しません",
        title_en: "区分支給限度基準内単位数 is not the units less those over the limit",
        doc: "Formula: on any row with 区分支給限度基準内単位数 (No.22), No.22 = B − 区分支給限度基準超単位数 (No.21, empty as 0), where B is 給付管理単位数 (No.18) when it is given and サービス単位金額 (No.17) otherwise.\n\nSource: MHLW 記載例6 (a user over the limit: ◇◇サービス2 2,005 units, 505 over, 1,500 within; 10,978 − 10,473 = 505). 給付管理単位数 comes first because the annex's No.18 makes it differ from No.17 for 大規模型通所介護・通所リハ and 小規模多機能・看護小規模多機能 (同一建物), whose limit is managed at other units; No.18 may be empty otherwise (「給付管理単位数、またはNullを選択可能」).\n\nWorked example: 給付管理単位数 2005, 区分支給限度基準超単位数 505: 2005 − 505 = 1500.\n\nNot checked: rows with 種類支給限度基準超単位数 (No.19): how the 種類 and 区分 parts combine is not in any text found.",
        fails: "サービス単位金額 2005, 区分支給限度基準超単位数 505, 区分支給限度基準内単位数 2005",
        passes: "区分支給限度基準内単位数 1500",
    }
    CON_SIKYU_SUBTOTAL = {
        id: "CON-SIKYU-SUBTOTAL", severity: Warning,
        spec_ref: "別紙 第7表 No.9（区分支給対象種類別小計 kind+AAAA、区分支給対象外 kind+EEEE、30日超過分 kind+ZZZZ）, Nos.17, 18, 21, 22; 厚生労働省「サービス利用票別表の記載例」33-1",
        title_ja: "種類別小計行が明細行の合計と一致しません",
        title_en: "a kind subtotal row is not the sum of its detail rows",
        doc: "Formula: on a kind+AAAA row, each of サービス単位金額 (No.17), 給付管理単位数 (No.18), 区分支給限度基準超単位数 (No.21) and 区分支給限度基準内単位数 (No.22) = the sum of that field over the detail rows of the same user, office (サービス事業所コード and サテライト枝番) and kind that are within the limit (No.18 or No.22 given) and not 30日超 (No.33 ≠ 1); on kind+EEEE the same over the rows outside the limit (No.18 and No.22 empty); on kind+ZZZZ over the 30日超 rows.\n\nSource: the annex names the rows 「区分支給対象種類別小計」「区分支給対象外種類別小計」「30日超過分種類別小計」 (No.9); MHLW 記載例33-1 prints the 短期入所生活介護合計 as 22,650 − 600 = 22,050, leaving out the 加算 outside the limit (540) and the 30日超 rows. Which rows a subtotal covers beyond that is our reading of its name.\n\nWorked example: 11AAAA with 111111 976 and 112111 774: 976 + 774 = 1750.\n\nNot checked: a field that the detail rows leave empty (a product may print it on the subtotal only; for No.21 it suffices that one row gives it); a group whose rows say neither way whether they are within the limit; a subtotal with サービス事業所コード 9999999999 (FILE-SIKYU-SUBTOTAL-OFFICE).",
        fails: "11AAAA サービス単位金額 1363 for rows of 976, 774 and 387",
        passes: "11AAAA 2137",
    }
    CON_SIKYU_TOTAL = {
        id: "CON-SIKYU-TOTAL", severity: Warning,
        spec_ref: "別紙 第7表 No.9（全合計 999999）, Nos.17, 21, 22, 24, 26, 28, 29",
        title_ja: "全合計行が各行の合計と一致しません",
        title_en: "the 全合計 row is not the sum of the user's rows",
        doc: "Formula: on a user's 999999 row, 区分支給限度基準超単位数 (No.21) and 区分支給限度基準内単位数 (No.22) = the sum over the user's offices and kinds of the kind+AAAA row's value, or, for a kind without one, of its detail rows; サービス単位金額 (No.17) = the sum over the detail rows when every one is within the limit and not 30日超; 費用総額 (No.24), 保険／事業費請求額 (No.26), 利用者負担 (Nos.28, 29) = the sum over the rows that carry them: the subtotal rows that do, and the detail rows no such subtotal covers (a kind+AAAA covers the rows within the limit, EEEE those outside it, ZZZZ the 30日超 rows); the sum over every row that carries them is accepted too. Amounts are compared only when every office and kind of the user carries its own.\n\nSource: the annex's name 「全合計」 (No.9, 「ALL9（999999）固定（必須出力）」). No official example shows a CSV 999999 row with amounts; the sums are our reading of the name, and amounts are compared only when rows other than 999999 carry them.\n\nWorked example: 訪問介護 976 and 福祉用具貸与 600: No.22 976 + 600 = 1576; 費用総額 11126 + 6000 = 17126.\n\nNot checked: a user one of whose rows carries a finding in its keys (保険者番号, 被保険者番号, office, サービスコード); the 給付率 and 単位数単価 of the 999999 row (a single price on it is CON-SIKYU-PRICE).",
        fails: "999999 区分支給限度基準内単位数 1350 for rows of 976 and 600",
        passes: "999999 1576",
    }
    CON_SIKYU_PRICE = {
        id: "CON-SIKYU-PRICE", severity: Warning,
        spec_ref: "別紙 第7表 No.23 単位数単価; 厚生労働大臣が定める一単位の単価（平成27年厚生労働省告示第93号）",
        title_ja: "単位数単価がそのサービス種類の地域区分別の単価にありません",
        title_en: "単位数単価 is not a price the 地域区分 table allows for the service kind",
        doc: "Formula: 単位数単価 (No.23) ∈ the unit prices of the row's service kind (the first two characters of サービスコード) for the 対象年月, one per 地域区分 (1級地 … その他), from src/spec/tariff/unit-prices.json. On the 999999 row, a price must be one of the prices of every kind among the user's detail rows: one price cannot stand for kinds whose prices differ.\n\nSource: 「厚生労働大臣が定める一単位の単価」（平成27年3月23日厚生労働省告示第93号）, current text, as transcribed in the data file with its provenance: 10円 × 1,140/1,112/1,105/1,084/1,070/1,042/1,021/1,000 ‰ for 訪問介護 and the other kinds of its group, 1,110 … ‰ and 1,090 … ‰ for the two other groups, 10円 everywhere for 居宅療養管理指導 and 福祉用具貸与. The grade is that of the office's location, which the file does not carry, so only membership is checked.\n\nWorked example: 福祉用具貸与 (17) allows 10.00 only; 通所介護 (15) allows 10.90, 10.72, 10.68, 10.54, 10.45, 10.27, 10.14, 10.00.\n\nNot checked: 総合事業 kinds (A1–A8: the municipality sets the price), kinds the table does not list, and service months before the first period shipped (2024-04).",
        fails: "171001 (福祉用具貸与) with 単位数単価 11.40",
        passes: "10.00",
    }
    CON_SIKYU_COST = {
        id: "CON-SIKYU-COST", severity: Warning,
        spec_ref: "別紙 第7表 No.22 区分支給限度基準内単位数, No.23 単位数単価, No.24 費用総額保険／事業対象分; 指定居宅サービスに要する費用の額の算定に関する基準（平成12年厚生省告示第19号）二・三",
        title_ja: "費用総額が 区分支給限度基準内単位数 × 単位数単価（1円未満切り捨て）と一致しません",
        title_en: "費用総額 is not 区分支給限度基準内単位数 × 単位数単価 rounded down to the yen",
        doc: "Formula: on a row with 単位数単価 (No.23) and 費用総額 (No.24), No.24 = ⌊X × No.23⌋, where X is 区分支給限度基準内単位数 (No.22), or, on a row outside the limit (No.18 and No.22 empty, or a kind outside 区分支給限度基準額 in the revision data: 31, 34), サービス単位金額 (No.17). Computed exactly in hundredths of a yen (no binary floating point).\n\nSource: 告示第19号 二 「…の額は、別に厚生労働大臣が定める一単位の単価に別表に定める単位数を乗じて算定するものとする。」 and 三 「…その額に一円未満の端数があるときは、その端数金額は切り捨てて計算するものとする。」; MHLW 記載例6 (3,505 × 10.35 = 36,276.75 → 36,276; 6,968 × 10.35 = 72,118.8 → 72,118) and 記載例33-1 (22,050 × 11.10 = 244,755; the 加算 outside the limit 540 × 11.10 = 5,994).\n\nWorked example: 976 × 11.40 = 11126.4 → 11126.\n\nNot checked: 30日超 rows (No.33 = 1, kind+ZZZZ: they carry 全額負担 only), negative units (no rounding direction is stated), a 999999 row without its own 単位数単価 (its amounts are sums: CON-SIKYU-TOTAL).",
        fails: "区分支給限度基準内単位数 976, 単位数単価 11.40, 費用総額 11127 (rounded up)",
        passes: "費用総額 11126",
    }
    CON_SIKYU_CLAIM = {
        id: "CON-SIKYU-CLAIM", severity: Warning,
        spec_ref: "別紙 第7表 No.24 費用総額, No.25 給付率, No.26 保険／事業費請求額, No.27 定額利用者負担単価金額; 厚生労働省「サービス利用票別表の記載例」33-1",
        title_ja: "保険／事業費請求額が 費用総額 × 給付率 / 100（1円未満切り捨て）と一致しません",
        title_en: "保険／事業費請求額 is not 費用総額 × 給付率 / 100 rounded down",
        doc: "Formula: on a row with 単位数単価 (No.23), 費用総額 (No.24), 給付率 (No.25) and 保険／事業費請求額 (No.26), and no 定額利用者負担単価金額 (No.27), No.26 = ⌊No.24 × No.25 / 100⌋.\n\nSource: MHLW 記載例33-1, whose every 請求額 is the product rounded down (244,755 × 90% = 220,279.5 → 220,279; 5,994 × 90% = 5,394.6 → 5,394); the 介護給付費請求書 記載要領 rounds a product of a rate the same way (for the 公費 share: 「…給付率(保険分)を差し引いた率を乗じた結果(小数点以下切り捨て)」), and 告示第19号 三 drops fractions of a yen. No sentence on the 別表's own column was found.\n\nWorked example: 11126 × 90 / 100 = 10013.4 → 10013.\n\nNot checked: 定額 rows (No.27 given: 給付率 is empty there, and CON-SIKYU-COPAY still applies); users under 生活保護単独 (被保険者番号 H…: what the 別表 holds for the 介護扶助 is not stated anywhere found); rows without their own 単位数単価, such as a 999999 row of sums (rounding each row and rounding the sum differ by up to a yen a row); the value of 給付率 itself (90, 80, 70, or what 公費 and 生活保護 make it: no text on the 別表's value was found).",
        fails: "費用総額 11126, 給付率 90, 保険／事業費請求額 10014 (rounded up)",
        passes: "10013",
    }
    CON_SIKYU_COPAY = {
        id: "CON-SIKYU-COPAY", severity: Warning,
        spec_ref: "別紙 第7表 No.24 費用総額, No.26 保険／事業費請求額, No.28 利用者負担保険／事業対象分; 厚生労働省「サービス利用票別表の記載例」",
        title_ja: "利用者負担（保険／事業対象分）が 費用総額 − 保険／事業費請求額 と一致しません",
        title_en: "利用者負担（保険／事業対象分） is not 費用総額 − 保険／事業費請求額",
        doc: "Formula: on any row with 費用総額 (No.24), 保険／事業費請求額 (No.26) and 利用者負担（保険／事業対象分） (No.28), No.28 = No.24 − No.26. It holds for 定率 and 定額 rows alike, and for rows of sums.\n\nSource: MHLW 記載例33-1 (244,755 − 220,279 = 24,476; 5,994 − 5,394 = 600) and 記載例6 (定額: 36,276 − 31,300 = 4,976; 72,118 − 65,150 = 6,968); the 請求書 記載要領's 費用合計 is 「保険請求額、公費請求額及び利用者負担の合計額」.\n\nWorked example: 11126 − 10013 = 1113.\n\nNot checked: users under 生活保護単独 (被保険者番号 H…), whose 請求額 and 利用者負担 on the 別表 no text found states; 公費 shares (the 別表 has no column for them).",
        fails: "費用総額 11126, 請求額 10013, 利用者負担 1112",
        passes: "1113",
    }
    CON_SIKYU_FULL_COPAY = {
        id: "CON-SIKYU-FULL-COPAY", severity: Warning,
        spec_ref: "別紙 第7表 No.21 区分支給限度基準超単位数, No.23 単位数単価, No.29 利用者負担（全額負担分）; 厚生労働省「サービス利用票別表の記載例」6",
        title_ja: "利用者負担（全額負担分）が 区分支給限度基準超単位数 × 単位数単価（1円未満切り捨て）と一致しません",
        title_en: "利用者負担（全額負担分） is not the units over the limit × 単位数単価 rounded down",
        doc: "Formula: on a row with 単位数単価 (No.23) and 利用者負担（全額負担分） (No.29), not 30日超 and without 種類支給限度基準超単位数 (No.19), No.29 = ⌊区分支給限度基準超単位数 (No.21, empty as 0) × No.23⌋.\n\nSource: MHLW 記載例6 (505 units over the limit × 10.35 = 5,226.75 → 5,226), with the rounding of 告示第19号 三; units over the limit are paid in full by the user.\n\nWorked example: 505 × 10.35 = 5226.75 → 5226.\n\nNot checked: 30日超 rows (which units they price is not stated for the CSV), rows over a 種類支給限度 (no example), rows without their own 単位数単価, users under 生活保護単独 (被保険者番号 H…).",
        fails: "区分支給限度基準超単位数 505, 単位数単価 10.35, 全額負担分 5227",
        passes: "5226",
    }
    CON_SIKYU_LIMIT = {
        id: "CON-SIKYU-LIMIT", severity: Warning,
        spec_ref: "別紙 第7表 No.22 区分支給限度基準内単位数; 利用者補足情報 No.18 要介護状態区分, No.19 区分支給限度基準額; 居宅介護サービス費等区分支給限度基準額（平成12年厚生省告示第33号）",
        title_ja: "区分支給限度基準内単位数の合計が区分支給限度基準額を超えています",
        title_en: "the user's 区分支給限度基準内単位数 exceed the 区分支給限度基準額",
        doc: "Formula: a user's 区分支給限度基準内単位数, added up as CON-SIKYU-TOTAL adds them, ≤ L, where L is 区分支給限度基準額 (No.19) of the 利用者補足情報 record of the same 保険者番号, 被保険者番号 and 対象年月 (No.63) in the same send unit, or, when No.19 is empty or 0, the national limit of its 要介護状態区分 (No.18) for the month (src/spec/tariff/limits.json).\n\nSource: 告示第33号: the limit is the amount up to which 「単位数の合計が…単位数に至るまで」 services are covered (要介護1 16,765 … 要介護5 36,217; 要支援1 5,032, 要支援2 10,531 from 2019-10); units beyond it are 区分支給限度基準を超える単位数.\n\nWorked example: 要支援1, 区分支給限度基準額 5032, 区分支給限度基準内単位数 6000: 6000 > 5032.\n\nNot checked: a unit without 利用者補足情報 (the 第7表 does not carry the care level), 事業対象者 (06) without No.19 (the municipality sets the limit), service months before 2019-10, and how the units over the limit are split between rows (the care manager's choice).",
        fails: "要支援1 (5032) with 区分支給限度基準内単位数 6000",
        passes: "5000",
    }
    CON_HOSOKU_LIMIT = {
        id: "CON-HOSOKU-LIMIT", severity: Warning,
        spec_ref: "別紙 利用者補足情報 No.18 要介護状態区分, No.19 区分支給限度基準額; 居宅介護サービス費等区分支給限度基準額（平成12年厚生省告示第33号）",
        title_ja: "区分支給限度基準額が要介護状態区分の基準額を下回っています",
        title_en: "区分支給限度基準額 is below the national limit of the care level",
        doc: "Formula: 区分支給限度基準額 (No.19) ≥ the national limit of 要介護状態区分 (No.18) for the month: 対象年月 (No.63), or, in the plan set (No.63 000000), the month of 居宅サービス計画作成（変更）日 (No.4). Limits by period in src/spec/tariff/limits.json.\n\nSource: 告示第33号 (要介護1 16,765, 要介護2 19,705, 要介護3 27,048, 要介護4 30,938, 要介護5 36,217 quoted from the current text; 要支援1 5,032 and 要支援2 10,531 from municipal notices of the 2019-10 revision). A municipality may set a higher limit by 条例 (支給限度基準額の上乗せ), so only a value below the national one is reported.\n\nWorked example: 要支援1 (12) from 2019-10: 5032; a file with 19705 is above it and not reported, one with 5003 (the value before 2019-10) is below it.\n\nNot checked: 事業対象者 (06: the municipality sets it), an empty No.19 or 0 (taken as not stated, as a provisional level 申請中 may leave it), months before 2019-10.",
        fails: "要介護3 (23) with 区分支給限度基準額 26931",
        passes: "27048",
    }
    CON_PLAN_COUNT = {
        id: "CON-PLAN-COUNT", severity: Warning,
        spec_ref: "別紙 第7表 No.16 回数／日数; 第6表 No.14 サービス回数; 第7表の記載要領 ⑧「回数」（第6表「サービス利用票」の㉓「予定」欄から1月間分の合計回数）",
        title_ja: "第7表の回数が第6表の回数の合計と一致しません",
        title_en: "the 第7表's 回数 is not the sum of the 第6表's",
        doc: "Formula: on a 第7表 detail row, 回数／日数 (No.16) = the sum of サービス回数 (第6表 No.14) over the 第6表 records of the same send unit with the same 保険者番号, 被保険者番号 and 対象年月, サービス事業者コード (= サービス事業所コード) and サテライト枝番, サービスコード, TAISコード and 福祉用具届出コード, and ３０日超区分 (one 第6表 record per day of use; No.14 counts the times a day).\n\nSource: the 記載要領 of the 第7表 (老企第29号 別紙1), ⑧「回数」: 「第6表「サービス利用票」の㉓「予定」欄から1月間分の合計回数」 (the one sentence of it that could be read, from a municipal copy of the national text); the annex's 第6表 No.10 (one record per day of use) and No.14 (「1日に複数回算定可能なサービスの回数」).\n\nWorked example: 111111 on the 1st, 8th, 15th and 22nd, 1 a day: 4.\n\nNot checked: a row with 回数 1 (monthly services such as 福祉用具貸与 and 定期巡回, and monthly or rate-based 加算, count 1 in the 別表 however often the 第6表 lists them: 「月単位での算定になる加算については、取込側で1回分の取込として制御すること」); a service whose 第6表 records carry 日割対象日; a row no 第6表 record matches (a 加算 the 第6表 may leave out); a user one of whose records carries a finding in a compared field, in either file (a 第6表 record whose user cannot be told leaves the whole 第6表 uncompared).",
        fails: "第7表 111111 回数 5, four 第6表 records of 1",
        passes: "回数 4",
    }
}

/// The 第7表's figures, read by role (TAISコード and 福祉用具届出コード
/// too, where the revision has them: 3.2 has not).
pub static SIKYU_FIGURES: RoleNeed = RoleNeed {
    rule: &CON_SIKYU_COST,
    applies: |_, k| k.summary_rows,
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::ServiceMonth,
        Role::ServiceOffice,
        Role::Satellite,
        Role::ServiceCode,
        Role::Units,
        Role::DiscountedUnits,
        Role::Count,
        Role::ServiceAmount,
        Role::ManagedUnits,
        Role::KindOverUnits,
        Role::OverLimitUnits,
        Role::WithinLimitUnits,
        Role::UnitPrice,
        Role::TotalCost,
        Role::BenefitRate,
        Role::ClaimAmount,
        Role::FixedCopay,
        Role::Copay,
        Role::FullCopay,
        Role::Over30Days,
    ],
};

/// The 第6表 a 第7表 is compared with (the parent of a unit whose every
/// user has a 別表), and the 実績 of the same layout.
pub static PLAN_LINES: RoleNeed = RoleNeed {
    rule: &CON_PLAN_COUNT,
    applies: |rev, k| {
        rev.send_units.iter().any(|u| {
            u.each_parent_user_in.is_some() && u.parent.as_deref() == Some(k.kind.as_str())
        })
    },
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::ServiceMonth,
        Role::ProviderOffice,
        Role::Satellite,
        Role::ServiceCode,
        Role::Count,
        Role::UseDate,
        Role::DailyRateDays,
        Role::Over30Days,
    ],
};

/// 利用者補足情報's care level and limit.
pub static HOSOKU_LIMIT: RoleNeed = RoleNeed {
    rule: &CON_HOSOKU_LIMIT,
    applies: |_, k| k.month_placeholder.is_some(),
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::PlanDate,
        Role::HosokuMonth,
        Role::CareLevel,
        Role::LimitUnits,
    ],
};

/// What the consistency rules read by role.
pub static NEEDS: &[&RoleNeed] = &[&SIKYU_FIGURES, &PLAN_LINES, &HOSOKU_LIMIT];

// ------------------------------------------------------------- values

/// A figure of a row: empty, a number, or something else (unreadable, or
/// its field carries a finding): a rule that needs it stays silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Empty,
    Int(i64),
    Bad,
}

impl Num {
    fn int(self) -> Option<i64> {
        match self {
            Num::Int(v) => Some(v),
            _ => None,
        }
    }
    /// Empty counts as 0.
    fn or_zero(self) -> Option<i64> {
        match self {
            Num::Int(v) => Some(v),
            Num::Empty => Some(0),
            Num::Bad => None,
        }
    }
}

/// An integer as the 整数 fields write it: optional `-`, digits.
fn parse_int(v: &str) -> Option<i64> {
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

fn is_month(m: &str) -> bool {
    m.len() == 6
        && m.bytes().all(|b| b.is_ascii_digit())
        && matches!(m[4..].parse::<u32>(), Ok(1..=12))
}

/// ⌊a × b / 100⌋ for a ≥ 0, b ≥ 0.
fn floor_hundredths(a: i64, b: i64) -> Option<i64> {
    a.checked_mul(b).map(|p| p.div_euclid(100))
}

/// What a rule reads of the record being checked.
pub struct RecordView<'a, V, P, E>
where
    V: Fn(Role) -> Option<&'a str>,
    P: Fn(Role) -> Position,
    E: Fn(Role) -> bool,
{
    /// The decoded value of the field of a role.
    pub value: V,
    /// The position of the field of a role.
    pub pos_of: P,
    /// Whether the field of a role carries a finding of an earlier level.
    pub flagged: E,
    pub record: u32,
}

impl<'a, V, P, E> RecordView<'a, V, P, E>
where
    V: Fn(Role) -> Option<&'a str>,
    P: Fn(Role) -> Position,
    E: Fn(Role) -> bool,
{
    fn text(&self, role: Role) -> &'a str {
        (self.value)(role).unwrap_or("")
    }
    fn num(&self, role: Role) -> Num {
        match (self.value)(role) {
            None | Some("") => Num::Empty,
            Some(_) if (self.flagged)(role) => Num::Bad,
            Some(v) => parse_int(v).map_or(Num::Bad, Num::Int),
        }
    }
    fn price(&self) -> Num {
        match (self.value)(Role::UnitPrice) {
            None | Some("") => Num::Empty,
            Some(_) if (self.flagged)(Role::UnitPrice) => Num::Bad,
            Some(v) => crate::spec::tariff::parse_price(v).map_or(Num::Bad, Num::Int),
        }
    }
    /// A key field given without a finding.
    fn key(&self, role: Role) -> Option<&'a str> {
        (!(self.flagged)(role)).then(|| self.text(role))
    }
    /// The 対象年月, when it is a month and carries no finding.
    fn month(&self) -> Option<&'a str> {
        self.key(Role::ServiceMonth).filter(|m| is_month(m))
    }
}

// --------------------------------------------------------------- rows

/// The figures of a 第7表 row that the sums read.
const SUMMED: [Role; 9] = [
    Role::ServiceAmount,
    Role::ManagedUnits,
    Role::OverLimitUnits,
    Role::WithinLimitUnits,
    Role::UnitPrice,
    Role::TotalCost,
    Role::ClaimAmount,
    Role::Copay,
    Role::FullCopay,
];

fn slot(role: Role) -> usize {
    SUMMED
        .iter()
        .position(|r| *r == role)
        .expect("a summed role")
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    num: Num,
    pos: Position,
}

/// A 第7表 row kept until the file's end, for the sums.
#[derive(Debug)]
struct Row {
    record: u32,
    office: String,
    satellite: String,
    /// サービスコード: six ASCII characters (a row of another code is not
    /// kept).
    code: String,
    /// サービス提供年月, shared with the rows before when the same.
    month: Option<std::sync::Arc<str>>,
    summary: Option<SummaryRow>,
    over_30_days: bool,
    /// A kind outside 区分支給限度基準額 (revision data: 居宅療養管理指導 and
    /// its 予防).
    outside_kind: bool,
    cells: [Cell; SUMMED.len()],
}

impl Row {
    fn get(&self, role: Role) -> Num {
        self.cells[slot(role)].num
    }
    fn cell(&self, role: Role) -> Cell {
        self.cells[slot(role)]
    }
    /// Within the limit: 給付管理単位数 or 区分支給限度基準内単位数 given, on
    /// a kind the limit applies to.
    fn in_limit(&self) -> bool {
        !self.outside_kind
            && (self.get(Role::ManagedUnits) != Num::Empty
                || self.get(Role::WithinLimitUnits) != Num::Empty)
    }
    /// Carries the amounts of its kind (費用総額).
    fn carries_amounts(&self) -> bool {
        self.get(Role::TotalCost).int().is_some()
    }
    /// The service kind: the first two characters of サービスコード.
    fn kind(&self) -> &str {
        self.code.get(..2).unwrap_or("")
    }
    fn group(&self) -> (&str, &str, &str) {
        (&self.office, &self.satellite, self.kind())
    }
    /// The subtotal a detail row belongs to.
    fn subtotal(&self) -> SummaryRow {
        if self.over_30_days {
            SummaryRow::SubtotalOver30Days
        } else if self.in_limit() {
            SummaryRow::SubtotalInLimit
        } else {
            SummaryRow::SubtotalOutOfLimit
        }
    }
}

/// A user's rows in a 第7表.
#[derive(Default)]
struct User {
    rows: Vec<Row>,
    /// A row of the user could not be placed (its office or サービスコード
    /// carries a finding): sums are not compared.
    unsure: bool,
}

/// What the consistency rules carry from record to record of one file.
#[derive(Default)]
pub struct Consistency {
    users: crate::rules::Runs<(String, String), User>,
    /// A row's 保険者番号 or 被保険者番号 carries a finding: it may belong to
    /// any user, and no user's sums are compared.
    users_unsure: bool,
    /// The サービス提供年月 of the last row kept (one a file, as a rule).
    last_month: Option<std::sync::Arc<str>>,
}

/// Terms shown in a sum: the first ones.
const MAX_TERMS: usize = 8;

fn sum_fact(
    row: SummaryRow,
    code: &str,
    field: &str,
    terms: &[(u32, i64)],
    expected: i64,
    found: i64,
) -> Fact {
    Fact::SikyuSum {
        row,
        code: code.to_string(),
        field: field.to_string(),
        terms: terms.iter().take(MAX_TERMS).copied().collect(),
        more: terms.len().saturating_sub(MAX_TERMS) as u32,
        expected,
        found,
    }
}

fn kind_prices(rev: &Revision, kind: &str, allowed: &[i64]) -> KindPrices {
    KindPrices {
        kind: kind.to_string(),
        name: rev.service_kinds.name(kind).unwrap_or("").to_string(),
        allowed: allowed.to_vec(),
    }
}

impl Consistency {
    /// Checks one data record of any kind: the figures of a 第7表 row
    /// against each other and the tariff, a 利用者補足情報's limit against
    /// the national one. Each issue is returned with the role of its field.
    pub fn record<'a, V, P, E>(
        &mut self,
        kind: &KindSpec,
        rev: &Revision,
        r: &RecordView<'a, V, P, E>,
    ) -> Vec<(Role, Issue)>
    where
        V: Fn(Role) -> Option<&'a str>,
        P: Fn(Role) -> Position,
        E: Fn(Role) -> bool,
    {
        let mut out = Vec::new();
        if HOSOKU_LIMIT.applies_to(rev, kind) {
            out.extend(hosoku_limit(kind, r));
        }
        if !SIKYU_FIGURES.applies_to(rev, kind) {
            return out;
        }
        let code = r.text(Role::ServiceCode);
        let summary = rev.sikyu_summary_codes.classify(code);
        let code_ok = !(r.flagged)(Role::ServiceCode) && code.len() == 6 && code.is_ascii();
        // 生活保護単独 (被保険者番号 H…): what the 別表's 給付率, 請求額 and
        // 利用者負担 hold for the 介護扶助 is not stated anywhere found.
        let public_assistance = r.text(Role::InsuredNumber).starts_with('H');
        let over_30_days =
            r.text(Role::Over30Days) == "1" || summary == Some(SummaryRow::SubtotalOver30Days);
        let price = r.price();
        let n = |role| r.num(role);
        let outside_kind = code_ok
            && rev
                .service_kinds
                .outside_limit
                .iter()
                .any(|k| code.starts_with(k.as_str()));

        // サービス単位金額 = 単位数 × 回数 (detail rows).
        if summary.is_none() {
            let (units, discounted) = match n(Role::DiscountedUnits) {
                Num::Empty => (n(Role::Units), false),
                d => (d, true),
            };
            // 単位数 or 回数 0: a rate-based 加算 whose units the product
            // computes from the other rows.
            if let (Some(u), Some(c), Some(found)) = (
                units.int().filter(|u| *u != 0),
                n(Role::Count).int().filter(|c| *c != 0),
                n(Role::ServiceAmount).int(),
            ) {
                let expected = u.saturating_mul(c);
                if expected != found {
                    out.push((
                        Role::ServiceAmount,
                        Issue::new(&CON_SIKYU_AMOUNT).fact(Fact::SikyuAmount {
                            units: u,
                            discounted,
                            count: c,
                            expected,
                            found,
                        }),
                    ));
                }
            }
        }
        // 区分支給限度基準内単位数 = B − 区分支給限度基準超単位数.
        if let Some(found) = n(Role::WithinLimitUnits).int() {
            let (base, managed) = match n(Role::ManagedUnits) {
                Num::Empty => (n(Role::ServiceAmount), false),
                m => (m, true),
            };
            let kind_over = n(Role::KindOverUnits).or_zero();
            if let (Some(b), Some(over), Some(0)) =
                (base.int(), n(Role::OverLimitUnits).or_zero(), kind_over)
            {
                if b - over != found {
                    out.push((
                        Role::WithinLimitUnits,
                        Issue::new(&CON_SIKYU_SPLIT).fact(Fact::SikyuSplit {
                            base: b,
                            managed,
                            over,
                            expected: b - over,
                            found,
                        }),
                    ));
                }
            }
        }
        // The amounts, on a row with its own 単位数単価.
        if let Some(p) = price.int() {
            let outside = outside_kind
                || (n(Role::ManagedUnits) == Num::Empty && n(Role::WithinLimitUnits) == Num::Empty);
            let units = match n(Role::WithinLimitUnits) {
                _ if outside_kind => n(Role::ServiceAmount),
                Num::Empty if outside => n(Role::ServiceAmount),
                w => w,
            };
            let cost = n(Role::TotalCost);
            if let (Some(x), Some(found), false) = (units.int(), cost.int(), over_30_days) {
                if x >= 0 {
                    if let Some(expected) = floor_hundredths(x, p).filter(|e| *e != found) {
                        out.push((
                            Role::TotalCost,
                            Issue::new(&CON_SIKYU_COST).fact(Fact::SikyuCost {
                                units: x,
                                price: p,
                                expected,
                                found,
                            }),
                        ));
                    }
                }
            }
            if let (Some(c), Some(rate), Some(found), Num::Empty, false) = (
                cost.int(),
                n(Role::BenefitRate).int(),
                n(Role::ClaimAmount).int(),
                n(Role::FixedCopay),
                public_assistance,
            ) {
                if c >= 0 && rate >= 0 {
                    if let Some(expected) = floor_hundredths(c, rate).filter(|e| *e != found) {
                        out.push((
                            Role::ClaimAmount,
                            Issue::new(&CON_SIKYU_CLAIM).fact(Fact::SikyuClaim {
                                cost: c,
                                rate,
                                expected,
                                found,
                            }),
                        ));
                    }
                }
            }
            if let (Some(over), Some(found), Some(0), false, false) = (
                n(Role::OverLimitUnits).or_zero(),
                n(Role::FullCopay).int(),
                n(Role::KindOverUnits).or_zero(),
                over_30_days,
                public_assistance,
            ) {
                if over >= 0 {
                    if let Some(expected) = floor_hundredths(over, p).filter(|e| *e != found) {
                        out.push((
                            Role::FullCopay,
                            Issue::new(&CON_SIKYU_FULL_COPAY).fact(Fact::SikyuFullCopay {
                                over,
                                price: p,
                                expected,
                                found,
                            }),
                        ));
                    }
                }
            }
            // The price itself, on a row of one kind.
            if let (true, Some(month), false) =
                (code_ok, r.month(), summary == Some(SummaryRow::GrandTotal))
            {
                let k = &code[..2];
                if let PriceLookup::Allowed(allowed, period) =
                    crate::spec::tariff().prices(k, month)
                {
                    if !allowed.contains(&p) {
                        out.push((
                            Role::UnitPrice,
                            Issue::new(&CON_SIKYU_PRICE).fact(Fact::SikyuPrice {
                                price: p,
                                kinds: vec![kind_prices(rev, k, allowed)],
                                from_month: period.from_month.clone(),
                                total_row: false,
                            }),
                        ));
                    }
                }
            }
        }
        // 利用者負担 = 費用総額 − 請求額 (any row, sums included).
        if let (Some(c), Some(claim), Some(found), false) = (
            n(Role::TotalCost).int(),
            n(Role::ClaimAmount).int(),
            n(Role::Copay).int(),
            public_assistance,
        ) {
            if c - claim != found {
                out.push((
                    Role::Copay,
                    Issue::new(&CON_SIKYU_COPAY).fact(Fact::SikyuCopay {
                        cost: c,
                        claim,
                        expected: c - claim,
                        found,
                    }),
                ));
            }
        }

        // Kept for the sums.
        let user_ok = r.key(Role::InsurerNumber).is_some() && r.key(Role::InsuredNumber).is_some();
        if !user_ok {
            self.users_unsure = true;
            return out;
        }
        let (insurer, insured) = (r.text(Role::InsurerNumber), r.text(Role::InsuredNumber));
        let user = self.users.entry(
            |k| crate::values::same(&k.0, insurer) && crate::values::same(&k.1, insured),
            || (insurer.to_string(), insured.to_string()),
            User::default,
        );
        let placed = code_ok
            && r.key(Role::ServiceOffice).is_some()
            && r.key(Role::Satellite).is_some()
            && r.key(Role::Over30Days).is_some();
        if !placed {
            user.unsure = true;
            return out;
        }
        let cells = SUMMED.map(|role| Cell {
            num: if role == Role::UnitPrice {
                price
            } else {
                n(role)
            },
            pos: (r.pos_of)(role),
        });
        user.rows.push(Row {
            record: r.record,
            office: r.text(Role::ServiceOffice).to_string(),
            satellite: r.text(Role::Satellite).to_string(),
            code: code.to_string(),
            month: r.month().map(|m| match &self.last_month {
                Some(last) if **last == *m => last.clone(),
                _ => self.last_month.insert(m.into()).clone(),
            }),
            summary,
            over_30_days,
            outside_kind,
            cells,
        });
        out
    }

    /// Issues found once every record of the file has been seen (each with
    /// its position, the role of its field and the value found there), and
    /// each user's 区分支給限度基準内単位数 for the limit of CON-SIKYU-LIMIT.
    /// A record whose values do not all stand where the layout puts them
    /// (another number of fields): it is not read, and since a 第7表 row
    /// of any user may be missing from the sums, no user's sums are
    /// compared in the file.
    pub fn record_not_placed(&mut self, kind: &KindSpec, rev: &Revision) {
        if SIKYU_FIGURES.applies_to(rev, kind) {
            self.users_unsure = true;
        }
    }

    pub fn finish(
        self,
        kind: &'static KindSpec,
        rev: &Revision,
    ) -> (Vec<(Position, Role, Issue)>, Vec<crate::result::SikyuUser>) {
        let mut out = Vec::new();
        let mut totals = Vec::new();
        if self.users_unsure || !SIKYU_FIGURES.applies_to(rev, kind) {
            return (out, totals);
        }
        for ((insurer, insured), user) in self.users.into_sorted() {
            if user.unsure {
                continue;
            }
            let sentinel = rev.sikyu_summary_codes.grand_total_office.as_str();
            let details: Vec<&Row> = user.rows.iter().filter(|r| r.summary.is_none()).collect();
            // Kind subtotals.
            for s in user.rows.iter().filter(|r| {
                matches!(
                    r.summary,
                    Some(
                        SummaryRow::SubtotalInLimit
                            | SummaryRow::SubtotalOutOfLimit
                            | SummaryRow::SubtotalOver30Days
                    )
                ) && r.office != sentinel
            }) {
                let group: Vec<&Row> = details
                    .iter()
                    .copied()
                    .filter(|d| d.group() == s.group())
                    .collect();
                let known = group.iter().any(|d| !d.over_30_days && d.in_limit());
                let covered: Vec<&Row> = match s.summary {
                    Some(SummaryRow::SubtotalInLimit) if known => group
                        .iter()
                        .copied()
                        .filter(|d| !d.over_30_days && d.in_limit())
                        .collect(),
                    Some(SummaryRow::SubtotalOutOfLimit) if known => group
                        .iter()
                        .copied()
                        .filter(|d| !d.over_30_days && !d.in_limit())
                        .collect(),
                    Some(SummaryRow::SubtotalOver30Days) => {
                        group.iter().copied().filter(|d| d.over_30_days).collect()
                    }
                    _ => Vec::new(),
                };
                if covered.is_empty() {
                    continue;
                }
                for role in [
                    Role::ServiceAmount,
                    Role::ManagedUnits,
                    Role::OverLimitUnits,
                    Role::WithinLimitUnits,
                ] {
                    let Some(found) = s.get(role).int() else {
                        continue;
                    };
                    let Some(terms) = sum_terms(&covered, role) else {
                        continue;
                    };
                    let expected: i64 = terms.iter().map(|t| t.1).sum();
                    if expected != found {
                        let c = s.cell(role);
                        out.push((
                            c.pos,
                            role,
                            Issue::new(&CON_SIKYU_SUBTOTAL)
                                .found(found.to_string())
                                .fact(sum_fact(
                                    s.summary.expect("a subtotal"),
                                    &s.code,
                                    field_name(kind, role),
                                    &terms,
                                    expected,
                                    found,
                                )),
                        ));
                    }
                }
            }
            // The 全合計 row.
            let Some(t) = user
                .rows
                .iter()
                .find(|r| r.summary == Some(SummaryRow::GrandTotal))
            else {
                continue;
            };
            let placed: Vec<&Row> = user
                .rows
                .iter()
                .filter(|r| r.summary != Some(SummaryRow::GrandTotal) && r.office != sentinel)
                .collect();
            let mut within_total = None;
            for role in [Role::OverLimitUnits, Role::WithinLimitUnits] {
                let Some(terms) = units_by_group(&placed, role) else {
                    continue;
                };
                let expected: i64 = terms.iter().map(|t| t.1).sum();
                if role == Role::WithinLimitUnits {
                    within_total = Some(expected);
                }
                if let Some(found) = t.get(role).int().filter(|f| *f != expected) {
                    out.push(total_issue(kind, t, role, &terms, expected, found));
                }
            }
            if !details.is_empty() && details.iter().all(|d| !d.over_30_days && d.in_limit()) {
                if let (Some(terms), Some(found)) = (
                    sum_terms(&details, Role::ServiceAmount),
                    t.get(Role::ServiceAmount).int(),
                ) {
                    let expected: i64 = terms.iter().map(|x| x.1).sum();
                    if expected != found {
                        out.push(total_issue(
                            kind,
                            t,
                            Role::ServiceAmount,
                            &terms,
                            expected,
                            found,
                        ));
                    }
                }
            }
            let amount_rows: Vec<&Row> = placed
                .iter()
                .copied()
                .filter(|r| r.carries_amounts())
                .collect();
            // Amounts are compared when every office and kind of the user
            // carries its own (else where they are cannot be told).
            let every_group = placed
                .iter()
                .all(|r| amount_rows.iter().any(|a| a.group() == r.group()));
            if !amount_rows.is_empty() && every_group {
                // The subtotal rows that carry amounts, and the detail rows
                // no such subtotal covers.
                let per_group: Vec<&Row> = amount_rows
                    .iter()
                    .copied()
                    .filter(|r| {
                        r.summary.is_some()
                            || !amount_rows
                                .iter()
                                .any(|s| s.group() == r.group() && s.summary == Some(r.subtotal()))
                    })
                    .collect();
                for role in [
                    Role::TotalCost,
                    Role::ClaimAmount,
                    Role::Copay,
                    Role::FullCopay,
                ] {
                    let Some(found) = t.get(role).int() else {
                        continue;
                    };
                    let (Some(terms), Some(all)) = (
                        zero_sum_terms(&per_group, role),
                        zero_sum_terms(&amount_rows, role),
                    ) else {
                        continue;
                    };
                    let expected: i64 = terms.iter().map(|x| x.1).sum();
                    let other: i64 = all.iter().map(|x| x.1).sum();
                    if found != expected && found != other {
                        out.push(total_issue(kind, t, role, &terms, expected, found));
                    }
                }
            }
            // One price on the 全合計 row for kinds of other prices.
            if let (Some(p), Some(month)) = (t.get(Role::UnitPrice).int(), t.month.as_deref()) {
                let kinds: std::collections::BTreeSet<&str> =
                    details.iter().map(|d| d.kind()).collect();
                let mut misfits = Vec::new();
                let mut from = None;
                for k in kinds {
                    if let PriceLookup::Allowed(allowed, period) =
                        crate::spec::tariff().prices(k, month)
                    {
                        if !allowed.contains(&p) {
                            misfits.push(kind_prices(rev, k, allowed));
                            from = Some(period.from_month.clone());
                        }
                    }
                }
                if let Some(from_month) = from {
                    let c = t.cell(Role::UnitPrice);
                    out.push((
                        c.pos,
                        Role::UnitPrice,
                        Issue::new(&CON_SIKYU_PRICE)
                            .found(crate::messages::price(p))
                            .fact(Fact::SikyuPrice {
                                price: p,
                                kinds: misfits,
                                from_month,
                                total_row: true,
                            }),
                    ));
                }
            }
            // The user's units within the limit, for the 利用者補足情報.
            if let (Some(within), Some(month)) = (
                within_total.or_else(|| t.get(Role::WithinLimitUnits).int()),
                t.month.as_deref().map(str::to_string),
            ) {
                let c = t.cell(Role::WithinLimitUnits);
                totals.push(SikyuUser {
                    insurer: insurer.clone(),
                    insured: insured.clone(),
                    month,
                    within,
                    pos: c.pos,
                    field_name: field_name(kind, Role::WithinLimitUnits),
                    found: match c.num {
                        Num::Int(v) => v.to_string(),
                        _ => String::new(),
                    },
                });
            }
        }
        (out, totals)
    }
}

/// The name of the field of a role, for a fact.
fn field_name(kind: &'static KindSpec, role: Role) -> &'static str {
    kind.field_by_role(role).map_or("", |f| f.name.as_str())
}

fn total_issue(
    kind: &'static KindSpec,
    t: &Row,
    role: Role,
    terms: &[(u32, i64)],
    expected: i64,
    found: i64,
) -> (Position, Role, Issue) {
    (
        t.cell(role).pos,
        role,
        Issue::new(&CON_SIKYU_TOTAL)
            .found(found.to_string())
            .fact(sum_fact(
                SummaryRow::GrandTotal,
                &t.code,
                field_name(kind, role),
                terms,
                expected,
                found,
            )),
    )
}

/// The terms of a sum over rows that must all give the field; `None` when
/// one does not (or, for 区分支給限度基準超単位数, when none gives it and
/// empty counts as 0 otherwise).
fn sum_terms(rows: &[&Row], role: Role) -> Option<Vec<(u32, i64)>> {
    if role == Role::OverLimitUnits {
        if !rows.iter().any(|r| r.get(role).int().is_some()) {
            return None;
        }
        return zero_sum_terms(rows, role);
    }
    rows.iter()
        .map(|r| r.get(role).int().map(|v| (r.record, v)))
        .collect()
}

/// The terms of a sum where an empty field counts as 0; `None` when a
/// field is unreadable.
fn zero_sum_terms(rows: &[&Row], role: Role) -> Option<Vec<(u32, i64)>> {
    rows.iter()
        .map(|r| r.get(role).or_zero().map(|v| (r.record, v)))
        .collect()
}

/// A user's units (区分支給限度基準超／内単位数) by office and kind: the
/// kind+AAAA row's when it gives them, else the detail rows'. `None` when
/// no row but the 全合計 gives the field, or one is unreadable.
fn units_by_group(rows: &[&Row], role: Role) -> Option<Vec<(u32, i64)>> {
    if !rows.iter().any(|r| r.get(role).int().is_some()) {
        return None;
    }
    let mut by_group: BTreeMap<(&str, &str, &str), Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_group.entry(r.group()).or_default().push(r);
    }
    let mut terms = Vec::new();
    for rows in by_group.values() {
        let subtotal = rows.iter().find(|r| {
            r.summary == Some(SummaryRow::SubtotalInLimit) && r.get(role).int().is_some()
        });
        match subtotal {
            Some(s) => terms.push((s.record, s.get(role).int()?)),
            None => {
                for r in rows.iter().filter(|r| r.summary.is_none()) {
                    terms.push((r.record, r.get(role).or_zero()?));
                }
            }
        }
    }
    terms.sort_unstable();
    Some(terms)
}

/// 利用者補足情報: No.19 against the national limit of No.18.
fn hosoku_limit<'a, V, P, E>(kind: &KindSpec, r: &RecordView<'a, V, P, E>) -> Option<(Role, Issue)>
where
    V: Fn(Role) -> Option<&'a str>,
    P: Fn(Role) -> Position,
    E: Fn(Role) -> bool,
{
    // 0 is taken as not stated (a provisional level, 申請中).
    let found = r.num(Role::LimitUnits).int().filter(|v| *v > 0)?;
    let level = r.key(Role::CareLevel)?;
    let month = hosoku_month(r)?;
    let (national, from) = crate::spec::tariff().limit(level, &month)?;
    (found < national).then(|| {
        (
            Role::LimitUnits,
            Issue::new(&CON_HOSOKU_LIMIT).fact(Fact::HosokuLimit {
                level: level.to_string(),
                level_name: level_name(kind, level),
                national,
                from_month: from.to_string(),
                found,
            }),
        )
    })
}

/// The month a 利用者補足情報 record's limit applies to: 対象年月, or in
/// the plan set the month of 居宅サービス計画作成（変更）日.
fn hosoku_month<'a, V, P, E>(r: &RecordView<'a, V, P, E>) -> Option<String>
where
    V: Fn(Role) -> Option<&'a str>,
    P: Fn(Role) -> Position,
    E: Fn(Role) -> bool,
{
    if let Some(m) = r.key(Role::HosokuMonth).filter(|m| is_month(m)) {
        return Some(m.to_string());
    }
    r.key(Role::PlanDate)
        .filter(|d| d.len() == 8 && is_month(&d[..6]))
        .map(|d| d[..6].to_string())
}

fn level_name(kind: &KindSpec, level: &str) -> String {
    kind.field_by_role(Role::CareLevel)
        .and_then(|f| f.codes.as_ref())
        .and_then(|c| c.get(level))
        .cloned()
        .unwrap_or_default()
}

/// The service line of a 第6表, 実績 or 第7表 record, and the care level of
/// a 利用者補足情報 record, for the rules across files.
pub fn record_facts<'a, V, P, E>(
    kind: &'static KindSpec,
    rev: &Revision,
    r: &RecordView<'a, V, P, E>,
) -> (Option<ServiceLine<'a>>, Option<CareLimit<'a>>)
where
    V: Fn(Role) -> Option<&'a str>,
    P: Fn(Role) -> Position,
    E: Fn(Role) -> bool,
{
    let care = HOSOKU_LIMIT.applies_to(rev, kind).then(|| CareLimit {
        level: r.text(Role::CareLevel),
        limit: r.num(Role::LimitUnits).int().filter(|v| *v > 0),
        valid: !(r.flagged)(Role::CareLevel) && !(r.flagged)(Role::LimitUnits),
    });
    let sikyu = SIKYU_FIGURES.applies_to(rev, kind);
    let lines = sikyu || kind.field_by_role(Role::UseDate).is_some();
    let service = lines
        .then(|| {
            kind.field_by_role(Role::Count)?;
            let office = if sikyu {
                Role::ServiceOffice
            } else {
                Role::ProviderOffice
            };
            let compared = [
                office,
                Role::Satellite,
                Role::ServiceCode,
                Role::TaisCode,
                Role::NotificationCode,
                Role::Count,
                Role::UseDate,
                Role::DailyRateDays,
                Role::Over30Days,
            ];
            Some(ServiceLine {
                office: r.text(office),
                satellite: r.text(Role::Satellite),
                tais: r.text(Role::TaisCode),
                notification: r.text(Role::NotificationCode),
                count: r.num(Role::Count).int(),
                count_pos: (r.pos_of)(Role::Count),
                count_name: kind
                    .field_by_role(Role::Count)
                    .map_or("", |f| f.name.as_str()),
                use_date: (r.value)(Role::UseDate),
                daily_rate: !r.text(Role::DailyRateDays).is_empty(),
                over_30_days: r.text(Role::Over30Days) == "1",
                summary: rev
                    .sikyu_summary_codes
                    .classify(r.text(Role::ServiceCode))
                    .is_some()
                    && sikyu,
                valid: !compared.iter().any(|role| (r.flagged)(*role)),
            })
        })
        .flatten();
    (service, care)
}

// ---------------------------------------------------------- across files

/// The consistency rules across the files of each send unit: the 第7表's
/// 回数 against the 第6表's, and each user's units within the limit
/// against the 利用者補足情報 sent with them.
pub fn check(units: &[Formed]) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in units {
        let (Some(parent), Some(each)) = (
            u.unit.parent.as_deref(),
            u.unit.each_parent_user_in.as_deref(),
        ) else {
            continue;
        };
        let find = |k: &str| {
            u.files
                .iter()
                .copied()
                .find(|f| f.kind.as_deref() == Some(k))
        };
        let Some(sikyu) = find(each) else {
            continue;
        };
        let plan = find(parent).filter(|p| p.keys_complete);
        let hosoku = u.files.iter().copied().find(|f| {
            crate::spec::revision(&f.revision)
                .and_then(|r| f.kind.as_deref().and_then(|k| r.layout(k)))
                .is_some_and(|l| l.month_placeholder.is_some())
        });
        // The two rules read the 第7表 and one other file each: side by
        // side, their findings in this order.
        let (counts, limited) = rayon::join(
            || plan.map(|p| plan_counts(p, sikyu)).unwrap_or_default(),
            || hosoku.map(|h| limits(sikyu, h)).unwrap_or_default(),
        );
        out.extend(counts);
        out.extend(limited);
    }
    out
}

type LineKey<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    bool,
);

fn line_key<'a>(k: &crate::result::RecordKey<'a>, l: &ServiceLine<'a>) -> LineKey<'a> {
    (
        k.insurer,
        k.insured,
        k.month.as_ref().map_or("", |m| m.value),
        l.office,
        l.satellite,
        k.service_code.unwrap_or(""),
        l.tais,
        l.notification,
        l.over_30_days,
    )
}

/// What CON-PLAN-COUNT reads of a 第6表's records: per service line, the
/// sum of 回数, the records summed and whether one is pro-rated; the users
/// seen, and those whose records carry a finding in a compared field.
#[derive(Default)]
struct PlanSums<'a> {
    /// A record's user cannot be told: it may be any user's.
    any_user: bool,
    users: HashSet<(&'a str, &'a str)>,
    unsure: HashSet<(&'a str, &'a str)>,
    sums: HashMap<LineKey<'a>, (i64, u32, bool)>,
}

/// [`PlanSums`] of some records in order, before their lines are summed:
/// the sums of consecutive records of one line.
#[derive(Default)]
struct PlanRuns<'a> {
    any_user: bool,
    users: HashSet<(&'a str, &'a str)>,
    unsure: HashSet<(&'a str, &'a str)>,
    runs: Vec<(LineKey<'a>, (i64, u32, bool))>,
}

impl<'a> PlanSums<'a> {
    /// The sums of the records of `parts` (a sum is the same whatever the
    /// parts, and in whatever order they are added).
    fn of(parts: Vec<PlanRuns<'a>>) -> PlanSums<'a> {
        let mut out = PlanSums::default();
        out.sums
            .reserve(parts.iter().map(|p| p.runs.len()).sum::<usize>());
        for p in parts {
            out.any_user |= p.any_user;
            out.users.extend(p.users);
            out.unsure.extend(p.unsure);
            for (key, (c, n, d)) in p.runs {
                let e = out.sums.entry(key).or_insert((0, 0, false));
                e.0 += c;
                e.1 += n;
                e.2 |= d;
            }
        }
        out
    }
}

impl<'a> PlanRuns<'a> {
    /// The runs of some of a 第6表's records, in record order.
    fn of(keys: impl Iterator<Item = crate::result::RecordKey<'a>>) -> PlanRuns<'a> {
        let mut out = PlanRuns::default();
        // A 第6表 lists a user's days of one service one after another, and
        // the keys' values are stored once each: records whose values are
        // the very same strings (address and length) are summed before the
        // sum goes into the map, which hashes strings once a line.
        let same = |a: &str, b: &str| std::ptr::eq(a, b);
        let same_line = |a: &LineKey, b: &LineKey| {
            same(a.0, b.0)
                && same(a.1, b.1)
                && same(a.2, b.2)
                && same(a.3, b.3)
                && same(a.4, b.4)
                && same(a.5, b.5)
                && same(a.6, b.6)
                && same(a.7, b.7)
                && a.8 == b.8
        };
        let mut run: Option<(LineKey, (i64, u32, bool))> = None;
        let mut last_user: Option<(&str, &str)> = None;
        for k in keys {
            if !k.key_valid {
                out.any_user = true;
                return out;
            }
            let user = (k.insurer, k.insured);
            if !last_user.is_some_and(|u| same(u.0, user.0) && same(u.1, user.1)) {
                out.users.insert(user);
                last_user = Some(user);
            }
            let Some(l) = k.service else {
                out.unsure.insert(user);
                continue;
            };
            let Some(c) = l.count.filter(|_| k.key_valid && l.valid) else {
                out.unsure.insert(user);
                continue;
            };
            let key = line_key(&k, &l);
            match &mut run {
                Some((r, acc)) if same_line(r, &key) => {
                    acc.0 += c;
                    acc.1 += 1;
                    acc.2 |= l.daily_rate;
                }
                _ => {
                    out.runs.extend(run.take());
                    run = Some((key, (c, 1, l.daily_rate)));
                }
            }
        }
        out.runs.extend(run);
        out
    }
}

/// Records of a 第6表 summed in one part (on the threads of the pool).
const PLAN_PART: usize = 1 << 15;

/// Records of a 第7表 compared with the 第6表's sums in one part.
const SIKYU_PART: usize = 1 << 12;

/// CON-PLAN-COUNT.
fn plan_counts(plan: &FileResult, sikyu: &FileResult) -> Vec<Finding> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    // The records in parts read side by side, their runs summed in one
    // map (the same sums whatever the parts).
    let n = plan.keys.len();
    let parts: Vec<PlanRuns> = (0..n.div_ceil(PLAN_PART))
        .into_par_iter()
        .map(|i| PlanRuns::of(plan.keys.iter_range(i * PLAN_PART..(i + 1) * PLAN_PART)))
        .collect();
    let whole = PlanSums::of(parts);
    let PlanSums {
        any_user,
        users,
        unsure,
        sums,
    } = whole;
    if any_user {
        return out;
    }
    // The 第7表's records in parts too, their findings in record order.
    let parts: Vec<Vec<Finding>> = (0..sikyu.keys.len().div_ceil(SIKYU_PART))
        .into_par_iter()
        .map(|i| {
            let mut out = Vec::new();
            for k in sikyu.keys.iter_range(i * SIKYU_PART..(i + 1) * SIKYU_PART) {
                let Some(l) = k.service else {
                    continue;
                };
                let user = (k.insurer, k.insured);
                if l.summary
                    || !k.key_valid
                    || !l.valid
                    || !users.contains(&user)
                    || unsure.contains(&user)
                {
                    continue;
                }
                let Some(found) = l.count.filter(|c| *c != 1) else {
                    continue;
                };
                let Some(&(total, records, daily_rate)) = sums.get(&line_key(&k, &l)) else {
                    continue;
                };
                if daily_rate || total == found {
                    continue;
                }
                let mut f = file_finding(
                    &CON_PLAN_COUNT,
                    sikyu,
                    l.count_pos,
                    Fact::PlanCount {
                        plan_total: total,
                        plan_records: records,
                        plan_file: plan.file.clone(),
                        found,
                    },
                );
                f.found = Some(found.to_string());
                f.field_name = Some(l.count_name.to_string());
                out.push(f);
            }
            out
        })
        .collect();
    out.extend(parts.into_iter().flatten());
    out
}

/// CON-SIKYU-LIMIT.
fn limits(sikyu: &FileResult, hosoku: &FileResult) -> Vec<Finding> {
    let Some(layout) = crate::spec::revision(&hosoku.revision)
        .and_then(|r| hosoku.kind.as_deref().and_then(|k| r.layout(k)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The first valid 補足 record of each user and month (one pass, not a
    // search per 第7表 user).
    let mut first: HashMap<(&str, &str, &str), Option<CareLimit>> = HashMap::default();
    for k in hosoku.keys.iter() {
        if let (true, Some(m)) = (k.key_valid, k.month.as_ref()) {
            first
                .entry((k.insurer, k.insured, m.value))
                .or_insert(k.care);
        }
    }
    for u in &sikyu.sikyu_users {
        let care = first.get(&(u.insurer.as_str(), u.insured.as_str(), u.month.as_str()));
        let Some(c) = care.copied().flatten().filter(|c| c.valid) else {
            continue;
        };
        let (limit, from_hosoku) = match c.limit {
            Some(l) => (l, true),
            None => match crate::spec::tariff().limit(c.level, &u.month) {
                Some((l, _)) => (l, false),
                None => continue,
            },
        };
        if u.within <= limit {
            continue;
        }
        let mut f = file_finding(
            &CON_SIKYU_LIMIT,
            sikyu,
            u.pos,
            Fact::SikyuLimit {
                within: u.within,
                limit,
                level: c.level.to_string(),
                level_name: level_name(layout, c.level),
                from_hosoku,
                hosoku_file: hosoku.file.clone(),
            },
        );
        f.found = Some(u.found.clone());
        f.field_name = Some(u.field_name.to_string());
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A 第6表's keys: `users` users, each with days of three service lines
    /// (one of them pro-rated for some users, one with a record whose 回数
    /// carries a finding for others), as a 第6表 lists them.
    fn plan_keys(users: u32) -> crate::result::Keys {
        use crate::result::{KeyFieldSpec, KeyValue, Keys, NewKey};
        let mut keys = Keys::new(
            None,
            Some(KeyFieldSpec {
                name: "サービス提供年月",
                no: 5,
            }),
            None,
        );
        let insured: Vec<String> = (0..users)
            .map(|u| format!("99{:08}", u * 7 % users))
            .collect();
        let dates: Vec<String> = (1..=31).map(|d| format!("202505{d:02}")).collect();
        let mut record = 0;
        for (u, insured) in insured.iter().enumerate() {
            for (office, code) in [
                ("1371002005", "111111"),
                ("1371003003", "151111"),
                ("1371002005", "112211"),
            ] {
                for day in 0..(u % 9 + 3) {
                    record += 1;
                    let line = ServiceLine {
                        office,
                        count: Some(1 + (day % 2) as i64),
                        use_date: Some(&dates[day % 31]),
                        daily_rate: u % 5 == 0 && code == "151111",
                        valid: !(u % 7 == 3 && day == 1),
                        ..ServiceLine::default()
                    };
                    keys.push(NewKey {
                        record,
                        insurer: "131011",
                        insured,
                        service_code: Some(code),
                        fields: [
                            None,
                            Some(KeyValue {
                                value: "202505",
                                byte: record as usize * 160,
                                line: record,
                                personal: false,
                            }),
                            None,
                        ],
                        facts: (Some(line), None),
                        key_valid: true,
                    });
                }
            }
        }
        keys.seal();
        keys
    }

    type SortedSums<'a> = (
        bool,
        Vec<(&'a str, &'a str)>,
        Vec<(&'a str, &'a str)>,
        BTreeMap<LineKey<'a>, (i64, u32, bool)>,
    );

    fn sorted<'a>(p: &PlanSums<'a>) -> SortedSums<'a> {
        let mut users: Vec<_> = p.users.iter().copied().collect();
        let mut unsure: Vec<_> = p.unsure.iter().copied().collect();
        users.sort_unstable();
        unsure.sort_unstable();
        let sums = p.sums.iter().map(|(k, v)| (*k, *v)).collect();
        (p.any_user, users, unsure, sums)
    }

    /// The sums of CON-PLAN-COUNT are the same whether the records are
    /// summed in one pass or in parts added in any order.
    #[test]
    fn plan_sums_in_parts_are_the_sums_in_one_pass() {
        let keys = plan_keys(400);
        let n = keys.len();
        assert!(n > 4000, "{n}");
        let whole = PlanSums::of(vec![PlanRuns::of(keys.iter())]);
        let (_, users, unsure, sums) = sorted(&whole);
        assert_eq!(users.len(), 400);
        assert!(!unsure.is_empty() && unsure.len() < 100, "{}", unsure.len());
        assert!(sums.values().any(|s| s.2) && sums.values().any(|s| s.0 > s.1 as i64));
        for step in [1000, 1001, 4096] {
            let mut parts: Vec<PlanRuns> = (0..n.div_ceil(step))
                .map(|i| PlanRuns::of(keys.iter_range(i * step..(i + 1) * step)))
                .collect();
            // Added last to first: the order does not matter.
            parts.reverse();
            assert_eq!(
                sorted(&PlanSums::of(parts)),
                sorted(&whole),
                "parts of {step}"
            );
        }
    }

    fn layout(kind: &str) -> (&'static Revision, &'static KindSpec) {
        let rev = crate::spec::revision("4.1").unwrap();
        (rev, rev.layout(kind).unwrap())
    }

    /// A 第7表 row of user 131011/9900000011, April 2025, with these
    /// fields by No. (the rest empty).
    fn row(no: &[(u16, &str)]) -> HashMap<u16, String> {
        let mut m: HashMap<u16, String> = [
            (2, "131011"),
            (3, "9900000011"),
            (5, "202504"),
            (7, "1371000025"),
            (33, "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        m.extend(no.iter().map(|(k, v)| (*k, v.to_string())));
        m
    }

    /// Feeds rows to the checks; returns every issue as (record, field No.,
    /// rule, fact).
    fn run(
        kind: &str,
        rows: &[HashMap<u16, String>],
    ) -> Vec<(u32, u16, &'static str, Option<Fact>)> {
        let (rev, k) = layout(kind);
        let mut c = Consistency::default();
        let mut out = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let record = i as u32 + 1;
            let no = |role: Role| k.field_by_role(role).map_or(0, |f| f.no);
            let view = RecordView {
                value: |role: Role| {
                    k.field_by_role(role)
                        .map(|f| r.get(&f.no).map_or("", String::as_str))
                },
                pos_of: |role: Role| Position {
                    record: Some(record),
                    field_no: Some(no(role)),
                    ..Position::default()
                },
                flagged: |_| false,
                record,
            };
            for (role, i) in c.record(k, rev, &view) {
                out.push((record, no(role), i.rule.id, i.fact));
            }
        }
        for (pos, _, i) in c.finish(k, rev).0 {
            out.push((
                pos.record.unwrap(),
                pos.field_no.unwrap(),
                i.rule.id,
                i.fact,
            ));
        }
        out
    }

    fn rules(found: &[(u32, u16, &'static str, Option<Fact>)]) -> Vec<(u32, u16, &'static str)> {
        found.iter().map(|(r, f, id, _)| (*r, *f, *id)).collect()
    }

    #[test]
    fn amounts_are_rounded_down_to_the_yen_in_exact_hundredths() {
        // 976 × 11.40 = 11126.4: 11126, not 11127 and not a float's 11126.399….
        let ok = row(&[
            (9, "111111"),
            (13, "244"),
            (16, "4"),
            (17, "976"),
            (22, "976"),
            (23, "11.40"),
            (24, "11126"),
            (25, "90"),
            (26, "10013"),
            (28, "1113"),
        ]);
        assert_eq!(run("UPSIKYU", std::slice::from_ref(&ok)), vec![]);
        let mut up = ok.clone();
        up.insert(24, "11127".into());
        up.insert(26, "10014".into());
        let found = run("UPSIKYU", &[up]);
        assert_eq!(rules(&found), [(1, 24, "CON-SIKYU-COST")]);
        assert_eq!(
            crate::messages::render(found[0].3.as_ref().unwrap())
                .detail
                .unwrap()
                .ja,
            "976 × 11.40 = 11126.4 → 11126（1円未満切り捨て）、記載 11127"
        );
        // MHLW 記載例6: 3,505 × 10.35 = 36,276.75 → 36,276, 505 × 10.35 = 5,226.75 → 5,226
        // (総合事業 A4: the municipality's price, not checked against the table).
        let subtotal = row(&[
            (9, "A4AAAA"),
            (13, "0"),
            (16, "0"),
            (17, "4010"),
            (21, "505"),
            (22, "3505"),
            (23, "10.35"),
            (24, "36276"),
            (26, "31300"),
            (27, ""),
            (28, "4976"),
            (29, "5226"),
        ]);
        assert_eq!(run("UPSIKYU", std::slice::from_ref(&subtotal)), vec![]);
        let mut over = subtotal;
        over.insert(29, "5227".into());
        assert_eq!(
            rules(&run("UPSIKYU", &[over])),
            [(1, 29, "CON-SIKYU-FULL-COPAY")]
        );
    }

    #[test]
    fn a_fixed_copay_row_is_not_held_to_the_benefit_rate_but_to_the_copay() {
        // 記載例6 □□事業所 (定額): 6,968 × 10.35 = 72,118.8 → 72,118; 請求額 65,150
        // = 72,118 − 6,968; 給付率 empty.
        let fixed = row(&[
            (9, "A41111"),
            (13, "871"),
            (16, "8"),
            (17, "6968"),
            (22, "6968"),
            (23, "10.35"),
            (24, "72118"),
            (26, "65150"),
            (27, "871"),
            (28, "6968"),
        ]);
        assert_eq!(run("UPSIKYU", std::slice::from_ref(&fixed)), vec![]);
        let mut rated = fixed.clone();
        rated.insert(25, "90".into());
        assert_eq!(
            run("UPSIKYU", &[rated]),
            vec![],
            "定額: 給付率 is not applied"
        );
        let mut wrong = fixed;
        wrong.insert(28, "6967".into());
        assert_eq!(
            rules(&run("UPSIKYU", &[wrong])),
            [(1, 28, "CON-SIKYU-COPAY")]
        );
    }

    #[test]
    fn a_row_outside_the_limit_is_priced_on_its_own_units_and_30_day_rows_are_left_alone() {
        // 記載例33-1: サービス提供体制加算 outside the limit, 18 × 30 = (540):
        // 540 × 11.10 = 5,994; 5,994 × 90% = 5,394.6 → 5,394; 600.
        let kasan = row(&[
            (7, "1371000058"),
            (9, "216100"),
            (13, "18"),
            (16, "30"),
            (17, "540"),
            (23, "11.10"),
            (24, "5994"),
            (25, "90"),
            (26, "5394"),
            (28, "600"),
        ]);
        assert_eq!(run("UPSIKYU", std::slice::from_ref(&kasan)), vec![]);
        let mut claim_up = kasan;
        claim_up.insert(26, "5395".into());
        claim_up.insert(28, "599".into());
        assert_eq!(
            rules(&run("UPSIKYU", &[claim_up])),
            [(1, 26, "CON-SIKYU-CLAIM")]
        );
        // A 30日超 row carries 全額負担分 only: (755 − 30) × 11.10 = 8,047.5.
        let over30 = row(&[
            (7, "1371000058"),
            (9, "21ZZZZ"),
            (13, "0"),
            (16, "0"),
            (17, "725"),
            (23, "11.10"),
            (24, "9999"),
            (29, "8047"),
            (33, "1"),
        ]);
        assert_eq!(run("UPSIKYU", &[over30]), vec![]);
    }

    #[test]
    fn a_price_must_be_one_of_the_kinds_and_on_the_total_row_of_every_kind() {
        let d = |code: &str, price: &str, cost: &str| {
            row(&[
                (9, code),
                (13, "600"),
                (16, "1"),
                (17, "600"),
                (22, "600"),
                (23, price),
                (24, cost),
            ])
        };
        assert_eq!(run("UPSIKYU", &[d("171001", "10.00", "6000")]), vec![]);
        let found = run("UPSIKYU", &[d("171001", "11.40", "6840")]);
        assert_eq!(rules(&found), [(1, 23, "CON-SIKYU-PRICE")]);
        let Some(Fact::SikyuPrice {
            kinds,
            from_month,
            total_row: false,
            ..
        }) = &found[0].3
        else {
            panic!("{found:?}")
        };
        assert_eq!(
            (kinds[0].allowed.clone(), from_month.as_str()),
            (vec![1000], "202404")
        );
        // Before the first period shipped: nothing to compare with.
        let mut march = d("171001", "11.40", "6840");
        march.insert(5, "202403".into());
        assert_eq!(run("UPSIKYU", &[march]), vec![]);
        // One price on the 全合計 row for 訪問介護 (11.40 fits) and 福祉用具貸与 (does not).
        let units = |code: &str, u: &str| row(&[(9, code), (13, u), (16, "1"), (17, u), (22, u)]);
        let total = row(&[
            (7, "9999999999"),
            (9, "999999"),
            (13, "0"),
            (16, "0"),
            (17, "1576"),
            (22, "1576"),
            (23, "11.40"),
            (24, "17966"),
            (25, "90"),
            (26, "16169"),
            (28, "1797"),
        ]);
        let mut home = units("111111", "976");
        home.insert(13, "244".into());
        home.insert(16, "4".into());
        let mut equipment = units("171001", "600");
        equipment.insert(7, "1371000033".into());
        let found = run("UPSIKYU", &[home, equipment, total]);
        assert_eq!(rules(&found), [(3, 23, "CON-SIKYU-PRICE")]);
        let Some(Fact::SikyuPrice {
            kinds,
            total_row: true,
            ..
        }) = &found[0].3
        else {
            panic!("{found:?}")
        };
        assert_eq!(
            kinds.iter().map(|k| k.kind.as_str()).collect::<Vec<_>>(),
            ["17"]
        );
    }

    #[test]
    fn totals_add_up_per_kind_and_either_reading_of_the_amounts_is_accepted() {
        let mut a = row(&[
            (9, "111111"),
            (13, "244"),
            (16, "4"),
            (17, "976"),
            (22, "976"),
        ]);
        let mut b = row(&[
            (9, "111211"),
            (13, "387"),
            (16, "2"),
            (17, "774"),
            (22, "774"),
        ]);
        // Amounts on each detail row, and on a subtotal too: the 全合計 may
        // be the sum of either.
        for (r, cost, claim, copay) in [
            (&mut a, "11126", "10013", "1113"),
            (&mut b, "8823", "7940", "883"),
        ] {
            r.insert(23, "11.40".into());
            r.insert(24, cost.into());
            r.insert(25, "90".into());
            r.insert(26, claim.into());
            r.insert(28, copay.into());
        }
        let sub = row(&[
            (9, "11AAAA"),
            (13, "0"),
            (16, "0"),
            (17, "1750"),
            (22, "1750"),
            (23, "11.40"),
            (24, "19950"),
            (25, "90"),
            (26, "17955"),
            (28, "1995"),
        ]);
        let total = |cost: &str, claim: &str, copay: &str| {
            row(&[
                (7, "9999999999"),
                (9, "999999"),
                (13, "0"),
                (16, "0"),
                (17, "1750"),
                (22, "1750"),
                (24, cost),
                (26, claim),
                (28, copay),
            ])
        };
        let by_subtotal = [
            a.clone(),
            b.clone(),
            sub.clone(),
            total("19950", "17955", "1995"),
        ];
        assert_eq!(run("UPSIKYU", &by_subtotal), vec![]);
        // A 加算 outside the limit priced on its own row (記載例33-1) is
        // not covered by the kind+AAAA: 19950 + 5994.
        let kasan = row(&[
            (9, "116100"),
            (13, "18"),
            (16, "30"),
            (17, "540"),
            (23, "11.40"),
            (24, "6156"),
            (25, "90"),
            (26, "5540"),
            (28, "616"),
        ]);
        let with_kasan = [
            a.clone(),
            b.clone(),
            kasan,
            sub.clone(),
            total("26106", "23495", "2611"),
        ];
        assert_eq!(run("UPSIKYU", &with_kasan), vec![]);
        let neither = [a, b, sub, total("19949", "17955", "1994")];
        assert_eq!(
            rules(&run("UPSIKYU", &neither)),
            [(4, 24, "CON-SIKYU-TOTAL"), (4, 28, "CON-SIKYU-TOTAL")]
        );
    }

    #[test]
    fn a_subtotal_covers_the_rows_of_its_office_within_the_limit() {
        let d = |code: &str, units: &str, count: &str, amount: &str, managed: &str| {
            row(&[
                (9, code),
                (13, units),
                (16, count),
                (17, amount),
                (18, managed),
            ])
        };
        // 記載例33-1: 755 × 30 and −30 × 20 within the limit, 18 × 30 outside it.
        let rows = [
            d("211131", "755", "30", "22650", "22650"),
            d("216283", "-30", "20", "-600", "-600"),
            d("216100", "18", "30", "540", ""),
            row(&[
                (9, "21AAAA"),
                (13, "0"),
                (16, "0"),
                (17, "22050"),
                (18, "22050"),
            ]),
        ];
        assert_eq!(run("UPSIKYU", &rows), vec![]);
        let mut missed = rows.clone();
        missed[3].insert(17, "22650".into());
        let found = run("UPSIKYU", &missed);
        assert_eq!(rules(&found), [(4, 17, "CON-SIKYU-SUBTOTAL")]);
        assert_eq!(
            crate::messages::render(found[0].3.as_ref().unwrap()).detail.unwrap().ja,
            "区分支給対象種類別小計（21AAAA）のサービス単位金額: 22650（レコード1） + -600（レコード2） = 22050、記載 22650"
        );
        // Another office's rows are not this subtotal's.
        let mut other = rows.clone();
        other[1].insert(7, "1371000066".into());
        assert_eq!(
            rules(&run("UPSIKYU", &other)),
            [(4, 17, "CON-SIKYU-SUBTOTAL"), (4, 18, "CON-SIKYU-SUBTOTAL")]
        );
    }

    #[test]
    fn a_user_whose_key_carries_a_finding_is_not_summed() {
        let (rev, k) = layout("UPSIKYU");
        let mut c = Consistency::default();
        let r = row(&[
            (9, "999999"),
            (7, "9999999999"),
            (13, "0"),
            (16, "0"),
            (22, "5"),
        ]);
        let view = RecordView {
            value: |role: Role| {
                k.field_by_role(role)
                    .map(|f| r.get(&f.no).map_or("", String::as_str))
            },
            pos_of: |_| Position::default(),
            flagged: |role| role == Role::InsuredNumber,
            record: 1,
        };
        assert!(c.record(k, rev, &view).is_empty());
        assert!(c.users_unsure);
        let (found, users) = c.finish(k, rev);
        assert!(found.is_empty() && users.is_empty());
    }

    #[test]
    fn every_rule_documents_its_formula_source_and_a_worked_example() {
        for r in RULES {
            assert_eq!(r.severity, crate::finding::Severity::Warning, "{}", r.id);
            for part in [
                "Formula: ",
                "\n\nSource: ",
                "\n\nWorked example: ",
                "\n\nNot checked: ",
            ] {
                assert!(r.doc.contains(part), "{} lacks {part:?}", r.id);
            }
        }
    }

    #[test]
    fn rate_based_rows_and_public_assistance_users_are_left_alone() {
        // 処遇改善加算 written with 単位数 0 and its computed units.
        let rate = row(&[(9, "116278"), (13, "0"), (16, "1"), (17, "2345")]);
        assert_eq!(run("UPSIKYU", &[rate]), vec![]);
        // 生活保護単独: 請求額 and 利用者負担 of the 介護扶助 are not checked,
        // 費用総額 is.
        let seiho = |cost: &str| {
            let mut r = row(&[
                (9, "151111"),
                (13, "658"),
                (16, "2"),
                (17, "1316"),
                (22, "1316"),
                (23, "10.90"),
                (24, cost),
                (25, "0"),
                (26, "0"),
                (28, "0"),
            ]);
            r.insert(3, "H990000022".into());
            r
        };
        assert_eq!(run("UPSIKYU", &[seiho("14344")]), vec![]);
        assert_eq!(
            rules(&run("UPSIKYU", &[seiho("14345")])),
            [(1, 24, "CON-SIKYU-COST")]
        );
    }

    #[test]
    fn a_hosoku_limit_below_the_national_one_is_reported_from_2019_10_only() {
        let limit = |level: &str, units: &str, month: &str| {
            let mut r: HashMap<u16, String> = HashMap::new();
            r.insert(2, "131011".into());
            r.insert(3, "9900000011".into());
            r.insert(4, "00000000".into());
            r.insert(18, level.into());
            r.insert(19, units.into());
            r.insert(63, month.into());
            run("UPHOSOKU", &[r])
        };
        assert_eq!(
            rules(&limit("12", "5003", "202504")),
            [(1, 19, "CON-HOSOKU-LIMIT")]
        );
        assert_eq!(limit("12", "5032", "202504"), vec![]);
        assert_eq!(
            limit("12", "19705", "202504"),
            vec![],
            "上乗せ: above is allowed"
        );
        assert_eq!(
            limit("06", "3000", "202504"),
            vec![],
            "事業対象者: the municipality's"
        );
        assert_eq!(
            limit("12", "5003", "201909"),
            vec![],
            "before the first period"
        );
    }
}
