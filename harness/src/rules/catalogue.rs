//! The rule catalogue: every rule's stable ID, level, severity, spec
//! reference, messages and documentation.
//!
//! An ID never changes meaning. A rule whose reading of the standard changes
//! gets a new ID; the old one stays listed with its documentation.

pub use crate::finding::{Level, Rule, Severity};

macro_rules! rules {
    ($($name:ident = { $($k:ident : $v:expr),* $(,)? })*) => {
        $(pub static $name: Rule = Rule { $($k: $v),* };)*
        /// Every rule, in catalogue order.
        pub static ALL: &[&Rule] = &[$(&$name),*];
    };
}

use Level::*;
use Severity::*;

rules! {
    // ---------------------------------------------------------------- name
    NAME_UNKNOWN_PREFIX = {
        id: "NAME-UNKNOWN-PREFIX", level: Name, severity: Error,
        spec_ref: "本文2.2 インターフェースファイル一覧; 別紙 各レイアウトのファイル名",
        title_ja: "ファイル名の接頭辞が標準仕様のファイル種別ではありません",
        title_en: "the file name's prefix is not a file kind of the standard",
        doc: "The name must start with one of the prefixes the standard defines (UPHOSOKU, UP1KYO, DLT1KYO, UP2KYO, UP3KYO, UPPLAN, UPJSK, DLTPLAN, DLTJSK, UPSIKYU, and the 介護予防 prefixes), in upper case, followed by '_'. When the prefix is close to a known one (a different case, or at most two letters off) the finding names it and the file's content is checked as that kind, so one typo does not hide every other finding.",
        fails: "UPKHON_0310400015_43_0311500011_11_20250325093000.CSV",
        passes: "UPKIHON_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SEGMENTS = {
        id: "NAME-SEGMENTS", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則; 本文2.4",
        title_ja: "ファイル名の項目数・区切りが規則と一致しません",
        title_en: "the file name does not have the segments its kind requires",
        doc: "4.1 names are PREFIX[_YYYYMM]_送信元事業所番号(10)_送信元サービス種類コード(2)_送信先事業所番号(10)_送信先サービス種類コード(2)_YYYYMMDDHHMMSS(14).CSV, separated by ASCII '_'. The month segment exists for UPHOSOKU, UPPLAN, UPJSK, DLTPLAN, DLTJSK and UPSIKYU only. An empty segment (two '_' in a row) or a missing or extra segment is reported with the pattern the kind requires; the segments are then not checked one by one, since their positions are unknown.",
        fails: "UPPLAN_202504_0310400015_43__11_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_EXTENSION = {
        id: "NAME-EXTENSION", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則",
        title_ja: "拡張子が規則と違います（CSVは .CSV、家族構成画像は .jpg）",
        title_en: "the extension is not the one the rule gives (.CSV; .jpg for the family image)",
        doc: "The standard writes every CSV file name with the upper-case extension '.CSV'. A lower-case '.csv' is reported too: the standard does not say that the receiving system folds case, and the names are compared as text.",
        fails: "UP1KYO_0310400015_43_0311500011_11_20250325093000.csv",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_MONTH = {
        id: "NAME-MONTH", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（提供年月／対象年月）",
        title_ja: "ファイル名の年月が正しくありません",
        title_en: "the file name's month segment is not a valid YYYYMM",
        doc: "The month segment is a real year and month (YYYYMM, month 01-12). 000000 is allowed only for UPHOSOKU, where it marks the file that travels with 第1・2・3表 (別紙 利用者補足情報: ※１表、２表に紐づく場合は提供年月は「000000」とする).",
        fails: "UPPLAN_202513_0310400015_43_0311500011_11_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_OFFICE_NUMBER = {
        id: "NAME-OFFICE-NUMBER", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（送信元／送信先事業所番号 10桁）",
        title_ja: "ファイル名の事業所番号が10桁の介護保険事業所番号ではありません",
        title_en: "an office number in the file name is not a 10-character 介護保険事業所番号",
        doc: "送信元 and 送信先 office numbers are 10 characters: digits, except the 3rd (事業所区分), which may be a capital letter other than I, O and Q.",
        fails: "UP1KYO_031040001_43_0311500011_11_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_OFFICE_CHECK_DIGIT = {
        id: "NAME-OFFICE-CHECK-DIGIT", level: Name, severity: Warning,
        spec_ref: "介護保険事業所番号の付番（検査数字）; 別紙 ファイル名規則",
        title_ja: "ファイル名の事業所番号の検査数字が一致しません（未確認の規則のため警告）",
        title_en: "an office number in the file name fails its check digit (unconfirmed rule: warning)",
        doc: "The 10th character of a 介護保険事業所番号 is a check digit: modulus 10 with weights 2,1 from the right over the first nine characters, letters counted A=10 ... Z=32 skipping I, O, Q, two-digit products summed as digits. The algorithm comes from an MHLW handout, not from the standard, and has not been confirmed on real numbers: a failure is a warning.",
        fails: "UP1KYO_0310400010_43_0311500011_11_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SERVICE_KIND = {
        id: "NAME-SERVICE-KIND", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（サービス種類コード 2桁）; 本文1.3, 1.4",
        title_ja: "ファイル名のサービス種類コードが正しくありません",
        title_en: "a service kind code in the file name is not valid",
        doc: "送信元 and 送信先 サービス種類コード are two characters, digits or capital letters (2A, A1). The code must be one the standard knows: a service kind in or out of the linkage scope (本文1.3, 1.4) or a care-management kind (43 居宅介護支援, 46 介護予防支援, AF 介護予防ケアマネジメント). Out-of-scope kinds are NAME-SERVICE-KIND-SCOPE.",
        fails: "UPPLAN_202504_0310400015_43_0311500011_1_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SERVICE_KIND_SCOPE = {
        id: "NAME-SERVICE-KIND-SCOPE", level: Name, severity: Error,
        spec_ref: "本文1.3 連携対象サービス, 1.4; 本文2.6",
        title_ja: "ファイル名のサービス種類が連携対象外です",
        title_en: "a service kind in the file name is outside the linkage scope",
        doc: "Files are exchanged only with offices of service kinds in the linkage scope (本文1.3 for 居宅, 1.4 for 介護予防・総合事業). A name whose sender or receiver kind is out of scope (for example 33 特定施設入居者生活介護, 51 介護福祉施設サービス) names an exchange the standard does not provide.",
        fails: "UPPLAN_202504_0310400015_43_0311500011_33_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_TIMESTAMP = {
        id: "NAME-TIMESTAMP", level: Name, severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（作成日時 YYYYMMDDHHMMSS）; 本文2.4, 2.5 ファイル連番",
        title_ja: "ファイル名の作成日時（ファイル連番）が実在する14桁の日時ではありません",
        title_en: "the file name's timestamp (ファイル連番) is not a real 14-digit date and time",
        doc: "The last segment is YYYYMMDDHHMMSS: 14 digits forming a real calendar date and a time 00:00:00-23:59:59. It is the ファイル連番 that groups a send unit and orders imports (本文2.4, 2.5), so a 15-digit or impossible value breaks both.",
        fails: "UP1KYO_0310400015_43_0311500011_11_20250231093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250228093000.CSV",
    }
    NAME_SAME_OFFICE = {
        id: "NAME-SAME-OFFICE", level: Name, severity: Error,
        spec_ref: "本文2.1 データ連携の流れ; 別紙 ファイル名規則",
        title_ja: "送信元と送信先が同じ事業所・サービス種類です",
        title_en: "sender and receiver are the same office and service kind",
        doc: "A file goes from one office to another. One 事業所番号 may cover several service kinds, so the finding fires only when both the office number and the service kind code of sender and receiver are equal.",
        fails: "UP1KYO_0310400015_43_0310400015_43_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_DIRECTION = {
        id: "NAME-DIRECTION", level: Name, severity: Error,
        spec_ref: "本文2.2 インターフェースファイル一覧（出力・取込）; 別紙 各表の方向",
        title_ja: "ファイルの向き（送信元・送信先のサービス種類）が標準仕様と逆です",
        title_en: "the file goes the wrong way (sender and receiver service kinds)",
        doc: "Plan-side files (UPHOSOKU, UP1KYO, DLT1KYO, UP2KYO, UP3KYO, UPPLAN, DLTPLAN, UPSIKYU) are output by the care manager: their sender kind is a care-management kind (43 居宅介護支援, 46 介護予防支援, AF 介護予防ケアマネジメント) and their receiver a service kind. 実績 files (UPJSK, DLTJSK) go the other way. Under 委託 (本文3.2), a 居宅介護支援事業所 (43) and a 地域包括支援センター (46, AF) also send plans and relay 実績 to each other: a care-management sender and receiver of different kinds are allowed. (The standard's own UPJSK / DLTJSK examples swap the kinds; they are not followed.)",
        fails: "UPJSK_202504_1371000025_43_1371000017_11_…",
        passes: "UPJSK_202504_1371000025_11_1371000017_43_…",
    }
    NAME_BRANCH = {
        id: "NAME-BRANCH", level: Name, severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62（家族構成 画像ファイル名の命名規則）",
        title_ja: "家族構成画像のファイル名の枝番が4桁の数字ではありません",
        title_en: "the family-structure image's branch number is not 4 digits",
        doc: "The image name is UPKIHON_IMAGE_送信元(10)_種類(2)_送信先(10)_種類(2)_YYYYMMDDHHMMSS(14)_枝番(4).jpg: the branch numbers the images of one send unit (0001, 0002 …).",
        fails: "UPKIHON_IMAGE_…_20250325093000_1.jpg",
        passes: "UPKIHON_IMAGE_…_20250325093000_0001.jpg",
    }
    NAME_KIND_NOT_CHECKED = {
        id: "NAME-KIND-NOT-CHECKED", level: Name, severity: Warning,
        spec_ref: "本文3.2 インターフェースファイル一覧（介護予防支援等）",
        title_ja: "このファイル種別の内容はこの版のハーネスでは検査していません",
        title_en: "this file kind is recognised but its content is not checked by this version of the harness",
        doc: "The 介護予防 files (UPKIHON and its SUB1, SUB2, IMAGE, DLTKIHON, UPYOBO and its SUB, DLTYOBO) are defined by the standard but their layouts are not yet checked. The finding says so rather than passing the file silently.",
        fails: "UPYOBO_0310400015_46_0311500011_63_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    // ------------------------------------------------------------ encoding
    ENC_BOM = {
        id: "ENC-BOM", level: Encoding, severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード Shift-JIS（MS932））; 本文4.3",
        title_ja: "ファイル先頭にBOMがあります",
        title_en: "the file starts with a byte order mark",
        doc: "MS932 has no byte order mark. A UTF-8 BOM (EF BB BF) or a UTF-16 BOM (FF FE / FE FF) at offset 0 means the file was written in another encoding; the receiving side would read the BOM as part of the first field (the CSVバージョン). A UTF-16 file is not checked further.",
        fails: "EF BB BF 32 30 32 34 30 37 2C ... (UTF-8 BOM before 202407,...)",
        passes: "32 30 32 34 30 37 2C ... (202407,...)",
    }
    ENC_UTF8 = {
        id: "ENC-UTF8", level: Encoding, severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード Shift-JIS（MS932））; 本文4.3",
        title_ja: "ファイルがUTF-8で書かれています（MS932のみ可）",
        title_en: "the file is written in UTF-8 (only MS932 is allowed)",
        doc: "The whole file is valid UTF-8 and contains multi-byte characters, which in MS932 terms are mostly undecodable. Reported once, at the first non-ASCII character; so that the rest of the file still gets precise findings, its fields are then read as UTF-8 and the finding says so. The harness never switches encoding without this finding. The reading is a heuristic: MS932 text whose bytes happen to form valid UTF-8 throughout (譖懈律 is E6 9B 9C E6 97 A5, which is UTF-8 for 曜日) is taken for UTF-8; in a real file every multi-byte sequence would have to align, which is rare, and the finding shows the bytes so that a person can tell.",
        fails: "\"山田\" written as E5 B1 B1 E7 94 B0",
        passes: "\"山田\" written as 8E 52 93 63",
    }
    ENC_UNDECODABLE = {
        id: "ENC-UNDECODABLE", level: Encoding, severity: Error,
        spec_ref: "別紙 各表ヘッダ（MS932以外の文字を含まないこと）; 本文4.3",
        title_ja: "MS932として解釈できないバイト列があります",
        title_en: "bytes that are not a valid MS932 character",
        doc: "Each byte sequence that is not an MS932 character (a lead byte without a valid trail byte, an unassigned code point, a lone 0x80, 0xA0, 0xFD-0xFF) is reported at its byte offset with the bytes in hex.",
        fails: "\"山\\x85\\x40\" (0x8540 is unassigned)",
        passes: "\"山田\"",
    }
    ENC_GAIJI = {
        id: "ENC-GAIJI", level: Encoding, severity: Error,
        spec_ref: "別紙 各表ヘッダ（外字は使用不可）; 本文4.3",
        title_ja: "外字（ユーザー定義領域 0xF040–0xF9FC）が使われています",
        title_en: "a user-defined character (外字, 0xF040-0xF9FC) is used",
        doc: "外字 are not allowed and must be converted to standard MS932 characters before output. They decode without error (to the private use area) in most decoders, so the harness detects them on the raw bytes (lead byte 0xF0-0xF9).",
        fails: "\"髙\" written as a 外字 F0 40",
        passes: "\"髙\" written as FB FC (IBM extension)",
    }
    ENC_NUL = {
        id: "ENC-NUL", level: Encoding, severity: Error,
        spec_ref: "別紙 各表ヘッダ（文字コード MS932）",
        title_ja: "NULバイト（0x00）があります",
        title_en: "a NUL byte (0x00)",
        doc: "A NUL byte is not text; it usually comes from a fixed-width buffer or a UTF-16 writer. Each one is reported at its offset.",
        fails: "202407,131011,00\\x0001234567,...",
        passes: "202407,131011,0001234567,...",
    }
    ENC_JPEG = {
        id: "ENC-JPEG", level: Encoding, severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62（家族構成に関する画像ファイル（JPEG形式））",
        title_ja: "家族構成の画像ファイルがJPEGではありません",
        title_en: "the family-structure image is not a JPEG",
        doc: "UPKIHON_IMAGE files are JPEG images: they start with the SOI marker and a segment marker (FF D8 FF) and end with the EOI marker (FF D9). A PNG, a PDF, an empty file or a JPEG cut short is reported.",
        fails: "89 50 4E 47 … (a PNG named .jpg)",
        passes: "FF D8 FF E0 … FF D9",
    }
    // ----------------------------------------------------------- structure
    CSV_EMPTY_FILE = {
        id: "CSV-EMPTY-FILE", level: Structure, severity: Error,
        spec_ref: "本文2.6 出力単位",
        title_ja: "データレコードがありません",
        title_en: "the file has no data record",
        doc: "A file is sent for the records it carries (本文2.6: a user with nothing to send gets no file). A file of zero bytes, or one with only blank lines or a header row, is reported.",
        fails: "(0 bytes)",
        passes: "202407,...\\r\\n",
    }
    CSV_FILE_TOO_LARGE = {
        id: "CSV-FILE-TOO-LARGE", level: Structure, severity: Error,
        spec_ref: "ケアプランデータ連携システムの送信上限（1回 10MB）; careplan-conformance --max-file-size",
        title_ja: "ファイルが大きすぎるため内容を検査していません",
        title_en: "the file is too large; its content is not checked",
        doc: "The central system takes at most 10 MB in one send, so a larger file cannot be sent as it is. The harness reads files up to its own limit (64 MiB by default, `--max-file-size BYTES`) and reports a larger one without reading it, rather than exhausting memory; its name is still checked.",
        fails: "a 100 MB UPPLAN",
        passes: "a 2 MB UPPLAN",
    }
    CSV_LINE_END = {
        id: "CSV-LINE-END", level: Structure, severity: Warning,
        spec_ref: "別紙 各表ヘッダ（CSV）; 本文4.2",
        title_ja: "レコードの区切りがCRLFではありません（規定がないため警告）",
        title_en: "a record is not terminated by CRLF (not stated by the standard: warning)",
        doc: "The standard does not print the line terminator. Every known conforming writer and the Windows systems of the receiving side use CRLF, and a line break inside free text is kept as written, so the harness expects CRLF between records and reports LF-only or CR-only ends as a warning (the standard does not state it). Reported once per file, at the first such record, with the count.",
        fails: "202407,...\\n",
        passes: "202407,...\\r\\n",
    }
    CSV_FINAL_LINE_END = {
        id: "CSV-FINAL-LINE-END", level: Structure, severity: Warning,
        spec_ref: "別紙 各表ヘッダ（CSV）",
        title_ja: "最終レコードの後に改行（CRLF）がありません",
        title_en: "the last record is not followed by CRLF",
        doc: "Whether the last record ends with a line break is not stated. Conforming writers end every record, the last included, with CRLF; readers that expect it may drop or merge the last record. A warning.",
        fails: "...,0,, (end of file)",
        passes: "...,0,,\\r\\n (end of file)",
    }
    CSV_BLANK_LINE = {
        id: "CSV-BLANK-LINE", level: Structure, severity: Error,
        spec_ref: "別紙 各表ヘッダ（CSV）",
        title_ja: "空行があります",
        title_en: "a blank line",
        doc: "An empty line between or after records is a record with one empty field; a reader would reject it or take it for a malformed record.",
        fails: "202407,...\\r\\n\\r\\n",
        passes: "202407,...\\r\\n",
    }
    CSV_UNTERMINATED_QUOTE = {
        id: "CSV-UNTERMINATED-QUOTE", level: Structure, severity: Error,
        spec_ref: "別紙 各表注記（フリーテキストは\"\"で囲い…）",
        title_ja: "ダブルクォートが閉じられていません",
        title_en: "a double quote is never closed",
        doc: "A quoted field runs to the end of the file. Reported at the opening quote; the records from there on cannot be split and are not checked.",
        fails: "...,\"訪問介護,...\\r\\n",
        passes: "...,\"訪問介護\",...\\r\\n",
    }
    CSV_STRAY_QUOTE = {
        id: "CSV-STRAY-QUOTE", level: Structure, severity: Error,
        spec_ref: "別紙 各表注記（文字列中の\"は\"\"とする）",
        title_ja: "ダブルクォートが二重化されていません",
        title_en: "a double quote that is neither opening, closing nor doubled",
        doc: "Inside a quoted field a '\"' must be written '\"\"'; a quote that is followed by anything but ',', a line end or another quote is a stray quote. A quote inside an unquoted field is also stray. The harness reports its offset and keeps reading the quote as text, which is what the writer most likely meant.",
        fails: "...,\"本人が\"大丈夫\"と話す\",...",
        passes: "...,\"本人が\"\"大丈夫\"\"と話す\",...",
    }
    CSV_HEADER_ROW = {
        id: "CSV-HEADER-ROW", level: Structure, severity: Error,
        spec_ref: "別紙 データ配置例（見出し行なし）",
        title_ja: "見出し行があります",
        title_en: "a header row",
        doc: "The layouts and every example carry data records only. A first record whose first field is not a 6-digit CSVバージョン and which contains item names of the layout is a header row; it is reported and not checked as data.",
        fails: "CSVバージョン,保険者番号,被保険者番号,...\\r\\n202407,...",
        passes: "202407,...",
    }
    CSV_FIELD_COUNT = {
        id: "CSV-FIELD-COUNT", level: Structure, severity: Error,
        spec_ref: "別紙 各レイアウト（項目数）",
        title_ja: "項目数がレイアウトと一致しません",
        title_en: "the number of fields differs from the layout",
        doc: "Each kind has a fixed number of fields (UPHOSOKU 63, UP1KYO 28, DLT1KYO 4, UP2KYO 22, UP3KYO 13, UPPLAN/UPJSK 25, DLTPLAN 4, DLTJSK 6, UPSIKYU 37 in 4.1). A record with another count is reported and its fields are not checked, since their positions cannot be trusted.",
        fails: "202407,131011,0001234567 (3 fields in DLTPLAN)",
        passes: "202407,131011,0001234567,202504",
    }
    CSV_FREE_TEXT_UNQUOTED = {
        id: "CSV-FREE-TEXT-UNQUOTED", level: Structure, severity: Error,
        spec_ref: "別紙 各表注記（※フリーテキストは\"\"で囲い…）",
        title_ja: "フリーテキスト項目がダブルクォートで囲まれていません",
        title_en: "a free-text field is not enclosed in double quotes",
        doc: "フリーテキスト items are enclosed in '\"'. The standard does not say how an empty free-text item is written: both an empty field and '\"\"' are accepted. A non-empty free-text item without quotes is reported, even when it contains no comma: writers that quote only when needed are not conforming.",
        fails: "...,山田花子,...",
        passes: "...,\"山田花子\",...",
    }
    CSV_QUOTED_NON_FREE_TEXT = {
        id: "CSV-QUOTED-NON-FREE-TEXT", level: Structure, severity: Warning,
        spec_ref: "別紙 各表注記（フリーテキストは\"\"で囲う）",
        title_ja: "フリーテキスト以外の項目がダブルクォートで囲まれています",
        title_en: "a field that is not free text is enclosed in double quotes",
        doc: "Only フリーテキスト items are said to be quoted; whether other items may be is not stated. A quoted code, date or number is read by most CSV readers but not by a reader that splits on commas; a warning. Items with no stated format (書式 empty, e.g. 利用者電話番号) are not reported.",
        fails: "\"202407\",...",
        passes: "202407,...",
    }
    // --------------------------------------------------------------- field
    FLD_REQUIRED = {
        id: "FLD-REQUIRED", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須項目が空です",
        title_en: "a required field is empty",
        doc: "An item marked ○ in the 必須 column is empty. Only marks read with confidence are errors; the marks whose position in the annex is uncertain are FLD-REQUIRED-UNCONFIRMED. The delete layouts (DLT1KYO, DLTPLAN, DLTJSK) say 項目は全て必須項目とする.",
        fails: "202407,,0001234567,20250401",
        passes: "202407,131011,0001234567,20250401",
    }
    FLD_REQUIRED_UNCONFIRMED = {
        id: "FLD-REQUIRED-UNCONFIRMED", level: Field, severity: Warning,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須と読める項目が空です（必須の印の位置が未確認のため警告）",
        title_en: "a field read as required is empty (the required mark is unconfirmed: warning)",
        doc: "Some ○ marks of the annex could not be placed on their row with certainty (see each field's note in `spec show`): UPHOSOKU Nos.5-8, UP1KYO Nos.8, 9, 13, 15, UP2KYO No.4, UP3KYO No.4, UPPLAN/UPJSK Nos.6, 7. An empty value there is a warning until the mark is confirmed.",
        fails: "UPPLAN No.7 プラン担当者名 empty",
        passes: "UPPLAN No.7 プラン担当者名 \"鈴木一郎\"",
    }
    FLD_LENGTH = {
        id: "FLD-LENGTH", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 項目長",
        title_ja: "項目長が規定と一致しません",
        title_en: "the field's length differs from the layout",
        doc: "項目長 is counted in MS932 bytes, which for the digit, code and date items equals their characters; 整数 items count digits, not the sign; フリーテキスト (―) has no length. Fixed-format items (dates, codes, office numbers) must have exactly their length, the others at most. TAIS codes are checked by FLD-TAIS-FORMAT instead.",
        fails: "サービス回数 123 (at most 2)",
        passes: "サービス回数 1",
    }
    FLD_DIGITS = {
        id: "FLD-DIGITS", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 書式",
        title_ja: "数字以外の文字があります",
        title_en: "a numeric field contains something other than ASCII digits",
        doc: "Counts, numbers and identifiers written in digits must be ASCII digits only: no sign, spaces, full-width digits or separators.",
        fails: "サービス回数 １ (full-width)",
        passes: "サービス回数 1",
    }
    FLD_INTEGER = {
        id: "FLD-INTEGER", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.8, 第7表 Nos.13-32 書式「整数」",
        title_ja: "整数の書式ではありません",
        title_en: "not an integer",
        doc: "整数 items are ASCII digits with an optional leading '-' (減算 units, e.g. 共生型 on the first day of the month, are negative). No '+', decimal point, thousands separator or spaces.",
        fails: "単位数 1,234 or 12.5",
        passes: "単位数 1234 or -50",
    }
    FLD_DECIMAL = {
        id: "FLD-DECIMAL", level: Field, severity: Error,
        spec_ref: "別紙 第7表 No.23 単位数単価「99.99 形式で入力」",
        title_ja: "99.99 形式ではありません",
        title_en: "not in the 99.99 format",
        doc: "単位数単価 is written as up to two integer digits, a point and two decimals (10.00, 11.40). The placement of the '99.99' note on No.23 is a medium-confidence reading of the annex.",
        fails: "単位数単価 10.9 or 1140",
        passes: "単位数単価 10.90",
    }
    FLD_YYYYMM = {
        id: "FLD-YYYYMM", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 書式 YYYYMM",
        title_ja: "年月（YYYYMM）として正しくありません",
        title_en: "not a valid year and month (YYYYMM)",
        doc: "Six digits with a month 01-12. 000000 is accepted only where the standard prescribes it (UPHOSOKU No.63 for the plan set); whether it is used in the right file is FILE-HOSOKU-SET.",
        fails: "対象年月 202513",
        passes: "対象年月 202504",
    }
    FLD_DATE = {
        id: "FLD-DATE", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 書式 YYYYMMDD",
        title_ja: "年月日（YYYYMMDD）として実在しない日付です",
        title_en: "not a real calendar date (YYYYMMDD)",
        doc: "Eight digits forming a real date of the Gregorian calendar (leap years included). 00000000 is accepted only where the standard prescribes it (UPHOSOKU No.4 for the service-use set).",
        fails: "サービス利用日 20250431",
        passes: "サービス利用日 20250430",
    }
    FLD_TIME = {
        id: "FLD-TIME", level: Field, severity: Error,
        spec_ref: "別紙 第6表 Nos.12-13「HHMM／9999」; 第3表 Nos.8, 9, 11, 12「HHMM」",
        title_ja: "時刻（HHMM）として正しくありません",
        title_en: "not a valid time (HHMM)",
        doc: "Four digits, hours 00-23 and minutes 00-59. 9999 (a service without a time) is allowed only where the layout prints HHMM／9999 (第6表 and 実績 Nos.12, 13); 第3表's times are plain HHMM.",
        fails: "サービス開始時刻 2400 or 9:00",
        passes: "サービス開始時刻 0900 or 9999",
    }
    FLD_DAILY_RATE_DAYS = {
        id: "FLD-DAILY-RATE-DAYS", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.11 日割対象日",
        title_ja: "日割対象日が31桁の0/1ではありません",
        title_en: "日割対象日 is not 31 characters of 0 and 1",
        doc: "日割対象日 is 31 characters, one per day of the month, '1' where a pro-rated claim is possible (例: 1日～5日 → 1111100000000000000000000000000), and empty when the service is not pro-rated.",
        fails: "11111",
        passes: "1111100000000000000000000000000",
    }
    FLD_CODE = {
        id: "FLD-CODE", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 書式; 別紙【コード表】",
        title_ja: "コード表にない値です",
        title_en: "a value outside the field's code list",
        doc: "Coded items (性別, 認定状況区分, 要介護状態区分, 計画書区分, 生活援助中心型の算定理由, 保険対象区分, 曜日, ３０日超区分) take one of the listed values exactly as written, leading zeros included (要介護状態区分 06, not 6).",
        fails: "要介護状態区分 2",
        passes: "要介護状態区分 22",
    }
    FLD_POSTAL = {
        id: "FLD-POSTAL", level: Field, severity: Error,
        spec_ref: "別紙 書式 XXX-XXXX",
        title_ja: "郵便番号が XXX-XXXX の形式ではありません",
        title_en: "a postal code not in the XXX-XXXX format",
        doc: "Three ASCII digits, a hyphen, four ASCII digits (8 characters).",
        fails: "1000001 or 100－0001",
        passes: "100-0001",
    }
    FLD_INSURED_NUMBER = {
        id: "FLD-INSURED-NUMBER", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 被保険者番号「被保険者番号／生保単独の場合は先頭H＋数字9桁」",
        title_ja: "被保険者番号が10桁の数字でも H＋数字9桁でもありません",
        title_en: "被保険者番号 is neither 10 digits nor H followed by 9 digits",
        doc: "被保険者番号 is 10 ASCII digits, or for 生活保護単独 an upper-case 'H' followed by 9 digits.",
        fails: "000123456 (9 digits) or h123456789",
        passes: "0001234567 or H123456789",
    }
    FLD_INSURER_NUMBER = {
        id: "FLD-INSURER-NUMBER", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 保険者番号（6桁）",
        title_ja: "保険者番号が6桁の数字でないか、検証番号が一致しません",
        title_en: "保険者番号 is not 6 digits or fails its check digit",
        doc: "保険者番号 is 6 digits: a 5-digit number and a check digit (weights 2,1,2,1,2 from the left, two-digit products summed as digits, check = (10 - sum mod 10) mod 10; e.g. 13101 → 131011, 43507 → 435073).",
        fails: "131012",
        passes: "131011",
    }
    FLD_OFFICE_NUMBER = {
        id: "FLD-OFFICE-NUMBER", level: Field, severity: Error,
        spec_ref: "別紙 各レイアウト 事業者コード／事業所コード（10桁）",
        title_ja: "事業所番号が10桁の介護保険事業所番号ではありません",
        title_en: "an office-number field is not a 10-character 介護保険事業所番号",
        doc: "Office-number items (介護支援事業者コード, プラン担当業者コード, サービス事業者コード, 更新業者コード, 同意書受付業者 …) hold 10 characters: digits, except the 3rd (事業所区分), which may be a capital letter other than I, O and Q. 9999999999 is the standard's fixed value on 第7表 全合計 rows.",
        fails: "031040001",
        passes: "0310400015",
    }
    FLD_OFFICE_CHECK_DIGIT = {
        id: "FLD-OFFICE-CHECK-DIGIT", level: Field, severity: Warning,
        spec_ref: "介護保険事業所番号の付番（検査数字）",
        title_ja: "事業所番号の検査数字が一致しません（未確認の規則のため警告）",
        title_en: "an office number fails its check digit (unconfirmed rule: warning)",
        doc: "The same check-digit rule as NAME-OFFICE-CHECK-DIGIT, on the office-number fields. The sentinel 9999999999 is not checked. A warning until the algorithm is confirmed on real numbers.",
        fails: "0310400010",
        passes: "0310400015",
    }
    FLD_SERVICE_KIND = {
        id: "FLD-SERVICE-KIND", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.15, 第7表 No.9, 実績_削除 No.6, 利用者補足情報 Nos.20-52; 本文1.3, 1.4",
        title_ja: "サービス種類コードが正しくありません",
        title_en: "not a valid service kind code",
        doc: "A サービス種類コード (alone, or the first two characters of a サービスコード) is two characters, digits or capital letters, and one the standard lists (in or out of the linkage scope).",
        fails: "1A1111",
        passes: "111111",
    }
    FLD_SERVICE_KIND_SCOPE = {
        id: "FLD-SERVICE-KIND-SCOPE", level: Field, severity: Error,
        spec_ref: "本文1.3, 1.4 連携対象サービス; 本文2.6「連携対象外のサービス種類のレコードは生成しない」",
        title_ja: "連携対象外のサービス種類のレコードです",
        title_en: "a record of a service kind outside the linkage scope",
        doc: "第6表・第7表・実績 must not contain records of service kinds outside the linkage scope (本文2.6), e.g. 33 特定施設入居者生活介護, 41 特定福祉用具販売, 42 住宅改修, 51-54 施設サービス.",
        fails: "サービスコード 331111",
        passes: "サービスコード 111111",
    }
    FLD_SERVICE_CODE = {
        id: "FLD-SERVICE-CODE", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.15, 第7表 No.9 サービスコード",
        title_ja: "サービスコードの形式が正しくありません",
        title_en: "a サービスコード of the wrong shape",
        doc: "A サービスコード is 6 characters: the 2-character サービス種類 and a 4-character item (digits or capital letters). On 第7表 the summary rows use kind+AAAA, kind+EEEE, kind+ZZZZ and 999999; on 第6表 and 実績 these summary codes are not allowed, every record is a service.",
        fails: "11111 (5 characters), or 11AAAA on 第6表",
        passes: "111111",
    }
    FLD_TAIS_FORMAT = {
        id: "FLD-TAIS-FORMAT", level: Field, severity: Warning,
        spec_ref: "別紙 第6表 Nos.16-17, 第7表 Nos.10-11（例:00001－000010）",
        title_ja: "TAISコード／福祉用具届出コードが NNNNN-NNNNNN の形式ではありません（形式未確認のため警告）",
        title_en: "a TAIS or notification code not in the NNNNN-NNNNNN format (format unconfirmed: warning)",
        doc: "The annex gives only a length of 12 and the example 00001－000010 printed with a full-width hyphen, which does not fit 12 bytes; TAIS describes its code as a 5-digit company code, a hyphen and a 6-digit product code. The harness expects ASCII NNNNN-NNNNNN and reports any other shape (a full-width hyphen included) as a warning until the format is confirmed.",
        fails: "00001－000010 (full-width hyphen)",
        passes: "00001-000010",
    }
    FLD_WELFARE_EQUIPMENT_CODE = {
        id: "FLD-WELFARE-EQUIPMENT-CODE", level: Field, severity: Error,
        spec_ref: "別紙 第6表 Nos.16-17, 第7表 Nos.10-11",
        title_ja: "福祉用具貸与のレコードにTAISコードも福祉用具届出コードもありません",
        title_en: "a 福祉用具貸与 record with neither a TAIS code nor a 福祉用具届出コード",
        doc: "When the サービスコード is of kind 17 福祉用具貸与 or 67 介護予防福祉用具貸与, either the TAISコード or the 福祉用具届出コード must be filled. This applies to detail records, not to the 第7表 summary rows (17AAAA, 17EEEE, 17ZZZZ) or the 999999 total. The finding points at the TAISコード field.",
        fails: "171001 with TAIS and 届出コード empty",
        passes: "171001 with TAIS 00170-000123",
    }
    FLD_DETAIL_CODE = {
        id: "FLD-DETAIL-CODE", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.19 明細判別コード",
        title_ja: "福祉用具貸与以外のレコードに明細判別コードがあります",
        title_en: "明細判別コード set on a record that is not 福祉用具貸与",
        doc: "明細判別コード numbers rental details of the same code and units (1, 2, 3 …); for services other than 17 福祉用具貸与 it is Null（空）. The harness also accepts it on 67 介護予防福祉用具貸与, to which the same note about TAIS codes applies.",
        fails: "111111 with 明細判別コード 1",
        passes: "111111 with 明細判別コード empty",
    }
    FLD_USE_DATE_MONTH = {
        id: "FLD-USE-DATE-MONTH", level: Field, severity: Error,
        spec_ref: "別紙 第6表 No.5 対象年月, No.10 サービス利用日; 共通「1ファイル＝単月」",
        title_ja: "サービス利用日が対象年月の日ではありません",
        title_en: "サービス利用日 is not a day of the record's 対象年月",
        doc: "A service day of the 第6表 or 実績 belongs to the service month: サービス利用日 must fall in the month given by 対象年月 of the same record.",
        fails: "対象年月 202504, サービス利用日 20250501",
        passes: "対象年月 202504, サービス利用日 20250430",
    }
    FLD_UNUSED = {
        id: "FLD-UNUSED", level: Field, severity: Warning,
        spec_ref: "別紙 各レイアウト 識別子「※使用しない」",
        title_ja: "使用しない項目に値があります",
        title_en: "a field marked ※使用しない has a value",
        doc: "識別子 is marked ※使用しない. The standard does not say it must be empty, but a value there is at best ignored; a warning.",
        fails: "...,0310400015,1",
        passes: "...,0310400015,",
    }
    FLD_FIXED_VALUE = {
        id: "FLD-FIXED-VALUE", level: Field, severity: Warning,
        spec_ref: "別紙 第7表 No.34 事業所コード「9999999999を固定でセット」",
        title_ja: "固定値の項目に別の値があります（位置の読みが未確認のため警告）",
        title_en: "a field with a fixed value holds another (the reading is unconfirmed: warning)",
        doc: "The annex fixes some items to one value for every record. In 第7表 the note 「9999999999を固定でセット」 falls on No.34 事業所コード by the count of notes in the extraction (READINGS.md §B); until that reading is confirmed, another value there, empty included, is a warning.",
        fails: "第7表 No.34 empty",
        passes: "第7表 No.34 9999999999",
    }
    // ---------------------------------------------------------------- file
    FILE_CSV_VERSION_UNKNOWN = {
        id: "FILE-CSV-VERSION-UNKNOWN", level: File, severity: Error,
        spec_ref: "別紙【CSVバージョン履歴】; 各レイアウト No.1",
        title_ja: "CSVバージョンが標準仕様のどの版の値でもありません",
        title_en: "the CSVバージョン is not a value of any revision",
        doc: "The CSVバージョン takes the values of the version history: 201910, 202003, 202208, 202504 (4.0, withdrawn) and 202407 (4.1). Other values, such as 202410 seen in real exports, are reported once per value and file, at the first record carrying it.",
        fails: "202410",
        passes: "202407",
    }
    FILE_CSV_VERSION_REVISION = {
        id: "FILE-CSV-VERSION-REVISION", level: File, severity: Error,
        spec_ref: "別紙【CSVバージョン履歴】; 各レイアウト No.1",
        title_ja: "CSVバージョンが検査対象の版の値ではありません",
        title_en: "the CSVバージョン is not the value of the revision checked",
        doc: "The file is checked against one revision (4.1 by default, whose value is 202407). A known value of another revision (202208, or 202504 which 4.1 replaced) means the file was written to another layout. Reported once per value and file.",
        fails: "202504",
        passes: "202407",
    }
    FILE_CSV_VERSION_MONTH = {
        id: "FILE-CSV-VERSION-MONTH", level: File, severity: Error,
        spec_ref: "各レイアウト No.1「新しいバージョンの適用年月となるサービス提供年月から適用する」; 別紙【CSVバージョン履歴】",
        title_ja: "CSVバージョンがサービス提供年月に合っていません",
        title_en: "the CSVバージョン does not fit the service month",
        doc: "A CSVバージョン applies from the service month of its edition until the next edition's: 202208 from 2023-01, 202407 (4.1) from 2025-04. A file whose name carries a service month must carry the version in force for that month: 202208 for 2025-06 is out of date, 202407 for 2025-03 too early. (The withdrawn 4.0 value 202504 is never in force.) Files without a service month in their name (第1表 and its set) are not checked: the standard does not say which month selects their version.",
        fails: "UPPLAN_202506_… with CSVバージョン 202208",
        passes: "UPPLAN_202506_… with CSVバージョン 202407",
    }
    FILE_REVISION_MISMATCH = {
        id: "FILE-REVISION-MISMATCH", level: File, severity: Error,
        spec_ref: "別紙 ファイル名規則（4.0以降はサービス種類コードを含む）; 別紙【CSVバージョン履歴】",
        title_ja: "ファイル名の書式と内容（CSVバージョン）の版が一致しません",
        title_en: "the file name's grammar and the content's CSVバージョン are of different revisions",
        doc: "Revision 3.2 names carry no service kind codes (UPPLAN_201912_0300000106_0311500011_…); 4.0 and later names do. When `check` picks the revision itself, a name of one revision's grammar with a CSVバージョン of another (a 3.2 name with 4.1 content, or the reverse) is reported, and the content is checked against the revision of its CSVバージョン.",
        fails: "UPPLAN_202504_1371000017_1371000025_20250325093000.CSV with CSVバージョン 202407",
        passes: "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV with CSVバージョン 202407",
    }
    FILE_CSV_VERSION_MIXED = {
        id: "FILE-CSV-VERSION-MIXED", level: File, severity: Error,
        spec_ref: "各レイアウト No.1「1ファイル中に複数のCSVバージョンのレコードを混在させることはできない」",
        title_ja: "1ファイルに複数のCSVバージョンが混在しています",
        title_en: "more than one CSVバージョン in one file",
        doc: "All records of a file carry the same CSVバージョン. Each record whose value differs from the first record's is reported.",
        fails: "record 1: 202407, record 2: 202208",
        passes: "records 1 and 2: 202407",
    }
    FILE_MONTH_MISMATCH = {
        id: "FILE-MONTH-MISMATCH", level: File, severity: Error,
        spec_ref: "別紙 第6表・実績・削除・第7表 ファイル作成単位「１ファイル内は単月のサービス提供年月の情報のみ」",
        title_ja: "レコードの対象年月がファイル名の年月と一致しません",
        title_en: "the record's service month differs from the file name's month",
        doc: "第6表, 実績, their deletes and 第7表 hold one service month per file, the month in the file name. Each record whose 対象年月 (削除対象年月) differs from it is reported. (That the single month is the name's month is the natural reading of the naming rule, not a sentence of the standard.)",
        fails: "UPPLAN_202504_… with 対象年月 202505",
        passes: "UPPLAN_202504_… with 対象年月 202504",
    }
    FILE_HOSOKU_SET = {
        id: "FILE-HOSOKU-SET", level: File, severity: Error,
        spec_ref: "別紙 利用者補足情報 ファイル名（提供年月 000000）, No.4, No.63; 本文2.3",
        title_ja: "利用者補足情報の年月・作成日がファイル名の組（第1表側／第6表側）と一致しません",
        title_en: "UPHOSOKU's month and plan date do not match the set its name puts it in",
        doc: "UPHOSOKU travels in two sets. With 第1・2・3表 the name's month is 000000, No.63 対象年月 is 000000 and No.4 居宅サービス計画作成（変更）日 is a real date. With 第6表・第7表 the name's month is the service month, No.63 equals it and No.4 is 00000000. A record that mixes the two is reported at the field that disagrees.",
        fails: "UPHOSOKU_000000_… with No.63 = 202504",
        passes: "UPHOSOKU_000000_… with No.63 = 000000",
    }
    FILE_NUMBERING = {
        id: "FILE-NUMBERING", level: File, severity: Warning,
        spec_ref: "別紙 第2表（課題ＮＯ→援助目標ＮＯ→援助内容ＮＯ の優先順位でソートした順が帳票の出力順）; 介護予防サービス・支援計画書（別表）",
        title_ja: "計画の行が番号の順に並んでいません",
        title_en: "a plan's rows are not in the order of their numbers",
        doc: "第2表 rows are output in the order of 課題ＮＯ, 援助目標ＮＯ and 援助内容ＮＯ, and the 介護予防 別表 in the order of 課題ＮＯ, 支援計画ＮＯ and 利用サービスＮＯ, one row per combination. An empty number continues the number of the row above (the form prints a group's number once). A row whose numbers go back below the row above's is reported; the same numbers again are a continuation row (the standard allows printing the same values on every row). Whether numbers must also be consecutive is not stated and not checked. A warning: the order is for printing.",
        fails: "rows 1-1-1, 2-1-1, 1-2-1",
        passes: "rows 1-1-1, 1-1-2, 2-1-1",
    }
    FILE_SIKYU_TOTAL = {
        id: "FILE-SIKYU-TOTAL", level: File, severity: Error,
        spec_ref: "別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "第7表に利用者の全合計（999999）行がありません",
        title_en: "a user's 第7表 has no 全合計 (999999) row",
        doc: "Every user's 第7表 (保険者番号 + 被保険者番号 + 対象年月) ends with one 全合計 row whose サービスコード is 999999. The finding points at the user's first record.",
        fails: "detail rows only",
        passes: "detail rows, then 999999",
    }
    FILE_SIKYU_TOTAL_DUPLICATE = {
        id: "FILE-SIKYU-TOTAL-DUPLICATE", level: File, severity: Error,
        spec_ref: "別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "1人の利用者に全合計（999999）行が複数あります",
        title_en: "more than one 全合計 (999999) row for one user",
        doc: "The 全合計 row is the total of one user's 第7表; a second one for the same 保険者番号 + 被保険者番号 is reported at the second.",
        fails: "two 999999 rows for the same user",
        passes: "one 999999 row per user",
    }
    FILE_SIKYU_SUBTOTAL = {
        id: "FILE-SIKYU-SUBTOTAL", level: File, severity: Error,
        spec_ref: "別紙 第7表 No.9「区分支給対象種類別小計＝CD+'AAAA'（サービスコードが複数行の場合は必須）」",
        title_ja: "複数行あるサービス種類に区分支給対象種類別小計（AAAA）行がありません",
        title_en: "a service kind with several rows has no AAAA subtotal row",
        doc: "When a user's 第7表 has two or more detail rows of one service kind at one office (サービス事業所コード and サテライト枝番: a subtotal row carries its office's code), a kind+AAAA (区分支給対象種類別小計) row for that office is required. Kinds outside 区分支給限度基準額 (31 居宅療養管理指導, 34 介護予防居宅療養管理指導) have no such subtotal and are not checked. EEEE and ZZZZ subtotals are optional (任意出力) and never required. The standard gives no arithmetic between detail and summary rows, so the amounts on summary rows are not added up.",
        fails: "111111 and 111211 rows, no 11AAAA",
        passes: "111111, 111211, then 11AAAA",
    }
    FILE_SIKYU_SUMMARY_ROW = {
        id: "FILE-SIKYU-SUMMARY-ROW", level: File, severity: Error,
        spec_ref: "別紙 第7表 No.7「全合計の場合はALL９」, No.13「種類別小計及び全合計の場合は0 固定」, Nos.14-15「Null（空） 固定」",
        title_ja: "第7表の小計・合計行の固定値が正しくありません",
        title_en: "a 第7表 subtotal or total row without its fixed values",
        doc: "On kind+AAAA/EEEE/ZZZZ subtotal rows and the 999999 全合計 row, 単位数 (No.13) is 0 and 割引後率 / 割引後単位数 (Nos.14, 15) are empty; サービス事業所コード (No.7) is 9999999999 on the 全合計 row. 9999999999 elsewhere is FILE-SIKYU-SENTINEL-ON-DETAIL or FILE-SIKYU-SUBTOTAL-OFFICE.",
        fails: "999999 row with 単位数 1576",
        passes: "999999 row with 単位数 0",
    }
    FILE_SIKYU_SENTINEL_ON_DETAIL = {
        id: "FILE-SIKYU-SENTINEL-ON-DETAIL", level: File, severity: Error,
        spec_ref: "別紙 第7表 No.7「サービス事業所コード（10桁）／全合計の場合はALL９」",
        title_ja: "第7表の明細行のサービス事業所コードが9999999999です",
        title_en: "a 第7表 detail row has サービス事業所コード 9999999999",
        doc: "9999999999 is the fixed value of the 全合計 row. A detail row is a service of a real office and carries its 10-character office number.",
        fails: "111111 row with サービス事業所コード 9999999999",
        passes: "111111 row with 1371000025",
    }
    FILE_SIKYU_SUBTOTAL_OFFICE = {
        id: "FILE-SIKYU-SUBTOTAL-OFFICE", level: File, severity: Warning,
        spec_ref: "別紙 第7表 No.7「全合計の場合はALL９」",
        title_ja: "第7表の小計行のサービス事業所コードが9999999999です（規定が明示されていないため警告）",
        title_en: "a 第7表 subtotal row has サービス事業所コード 9999999999 (not stated: warning)",
        doc: "The annex gives 9999999999 for the 全合計 row only; it does not say what a kind+AAAA/EEEE/ZZZZ subtotal row carries in No.7. Read as the office's own number (subtotals are per office and kind); 9999999999 there is a warning.",
        fails: "11AAAA row with サービス事業所コード 9999999999",
        passes: "11AAAA row with 1371000025",
    }
    FILE_FINDINGS_LIMIT = {
        id: "FILE-FINDINGS-LIMIT", level: File, severity: Warning,
        spec_ref: "careplan-conformance の報告上限（1ファイル・1ルールあたり1000件）",
        title_ja: "同じルールの指摘が多すぎるため、1001件目以降を省略しました",
        title_en: "too many findings of one rule; those after the first 1000 are left out",
        doc: "Not a rule of the standard: a limit of the harness. A file that breaks one rule on every line (a file of blank lines, of commas, a wrong layout) would otherwise give millions of findings and exhaust memory. The first 1000 findings of each rule in a file are reported with their positions; this finding, at the 1001st, says how many more there were. The file already fails on the rule it names.",
        fails: "an UPPLAN of 1001 blank lines",
        passes: "an UPPLAN with 3 blank lines",
    }
    // ---------------------------------------------------------------- unit
    UNIT_MISSING_MEMBER = {
        id: "UNIT-MISSING-MEMBER", level: Unit, severity: Error,
        spec_ref: "本文2.4 ファイル送信単位; 本文2.2 インターフェースファイル一覧",
        title_ja: "送信単位に必要なファイルがありません",
        title_en: "a send unit lacks one of its files",
        doc: "Files are sent in units sharing one ファイル連番 (the 14-digit timestamp of the name) between one sender and one receiver. Revision 4.1 allows {UP1KYO, UP2KYO, UP3KYO, UPHOSOKU(000000)}, {UPPLAN, UPSIKYU, UPHOSOKU(YYYYMM)}, {DLT1KYO}, {DLTPLAN}, {UPJSK} and {DLTJSK}. A unit that lacks a member is reported on its first file, with the name the missing file would carry. Send-unit rules run when `check` is given a directory; a file given alone is checked alone.",
        fails: "UP1KYO, UP2KYO and UP3KYO with 連番 20250325093000, no UPHOSOKU_000000_…_20250325093000.CSV",
        passes: "the four files with the same 連番",
    }
    UNIT_EXTRA_MEMBER = {
        id: "UNIT-EXTRA-MEMBER", level: Unit, severity: Error,
        spec_ref: "本文2.4 ファイル送信単位",
        title_ja: "送信単位に入らないファイルが同じ連番で送られています",
        title_en: "a file shares a send unit it does not belong to",
        doc: "A file whose kind is not part of its unit's combination (a DLT1KYO with the 連番 of a UP1KYO set), or a second file of the same kind in one unit (two UPHOSOKU), is reported. The unit's combination is the one most of its files belong to.",
        fails: "UP1KYO set and DLT1KYO with the same 連番",
        passes: "DLT1KYO with a 連番 of its own",
    }
    UNIT_SERIAL_MISMATCH = {
        id: "UNIT-SERIAL-MISMATCH", level: Unit, severity: Error,
        spec_ref: "本文2.4「各ファイルで同じファイル連番をつける」",
        title_ja: "送信単位の一部のファイルの連番が異なります",
        title_en: "a member of a send unit carries another ファイル連番",
        doc: "All files of a unit carry the same ファイル連番. When an incomplete unit's missing member exists between the same sender and receiver with another 連番, that file is reported (instead of two incomplete units) with the 連番 it should carry.",
        fails: "UP1KYO…_20250325093000, UP2KYO…_20250325093001",
        passes: "both …_20250325093000",
    }
    UNIT_PARTY_MISMATCH = {
        id: "UNIT-PARTY-MISMATCH", level: Unit, severity: Error,
        spec_ref: "本文2.4 ファイル送信単位; 別紙 ファイル名規則",
        title_ja: "送信単位の一部のファイルの送信先・サービス種類が異なります",
        title_en: "a member of a send unit names another receiver or service kind",
        doc: "All files of a unit go from one sender to one receiver. When an incomplete unit's missing member exists with the same 連番 and sender but another receiver office or service kind in its name, that file is reported with the parties it should name.",
        fails: "UPHOSOKU_000000_1371000017_43_1371000025_15_… beside UP1KYO_1371000017_43_1371000025_11_…",
        passes: "…_1371000025_11_… in both",
    }
    UNIT_MONTH_MISMATCH = {
        id: "UNIT-MONTH-MISMATCH", level: Unit, severity: Error,
        spec_ref: "本文2.3, 2.4; 別紙 利用者補足情報 ファイル名（提供年月）",
        title_ja: "第6表・第7表・利用者補足情報の年月が送信単位の中で異なります",
        title_en: "the months of UPPLAN, UPSIKYU and UPHOSOKU differ within a send unit",
        doc: "The 利用票 set relates its files by 対象年月: UPSIKYU and the UPHOSOKU that travels with a 第6表 carry the 第6表's month in their names.",
        fails: "UPPLAN_202504_…, UPSIKYU_202505_… with one 連番",
        passes: "UPPLAN_202504_…, UPSIKYU_202504_…",
    }
    // ------------------------------------------------------------ relation
    REL_NO_PLAN = {
        id: "REL-NO-PLAN", level: Relation, severity: Error,
        spec_ref: "本文2.3 データの紐づけ（計画書1表を基本とし…「保険者番号」「被保険者番号」「居宅サービス計画作成（変更）日」で紐づけ）",
        title_ja: "第1表に紐づかないレコードです",
        title_en: "a record without its 第1表 record",
        doc: "UP2KYO, UP3KYO and the UPHOSOKU sent with them depend on a UP1KYO record with the same 保険者番号, 被保険者番号 and 居宅サービス計画作成（変更）日 in the same send unit. Each dependent record without one is reported at its key date. Checked only when the unit has a UP1KYO (otherwise UNIT-MISSING-MEMBER says so), and not for records whose key fields already carry an error (a malformed 被保険者番号 is reported once, where it is).",
        fails: "UP2KYO record with 計画作成日 20250326, UP1KYO with 20250325",
        passes: "both 20250325",
    }
    REL_NO_USE_SLIP = {
        id: "REL-NO-USE-SLIP", level: Relation, severity: Error,
        spec_ref: "本文2.3 データの紐づけ（第6表を基本とし…「保険者番号」「被保険者番号」「対象年月」で紐づけ）",
        title_ja: "第6表に紐づかないレコードです",
        title_en: "a record without its 第6表 records",
        doc: "UPSIKYU and the UPHOSOKU sent with a 第6表 depend on UPPLAN records with the same 保険者番号, 被保険者番号 and 対象年月 (UPHOSOKU No.63) in the same send unit. Each dependent record without one is reported at its 対象年月; records whose key fields already carry an error are not reported again.",
        fails: "UPSIKYU records for a 被保険者番号 absent from UPPLAN",
        passes: "the same user in both",
    }
    REL_IMAGE_MISSING = {
        id: "REL-IMAGE-MISSING", level: Relation, severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62「家族構成に関する画像ファイル名（JPEG形式）を記載」; 本文3.3",
        title_ja: "利用者基本情報が記載する家族構成の画像ファイルが送信単位にありません",
        title_en: "the family-structure image UPKIHON names is not in the send unit",
        doc: "UPKIHON No.62 carries the name of the family-structure image (UPKIHON_IMAGE_…_枝番.jpg) sent with the record. A name that matches no image file of the same send unit is reported at the record.",
        fails: "No.62 names …_0001.jpg, no such file",
        passes: "…_0001.jpg sent beside UPKIHON",
    }
    REL_IMAGE_UNREFERENCED = {
        id: "REL-IMAGE-UNREFERENCED", level: Relation, severity: Warning,
        spec_ref: "別紙 利用者基本情報 No.62; 本文3.3",
        title_ja: "どの利用者基本情報にも記載されていない家族構成の画像ファイルです",
        title_en: "a family-structure image that no UPKIHON record names",
        doc: "An image sent in a unit whose UPKIHON names it in no record cannot be attached to a user by the receiver. A warning: the image may be meant for a record sent later.",
        fails: "…_0002.jpg sent, No.62 names only …_0001.jpg",
        passes: "every image named in No.62",
    }
    REL_NO_SIKYU = {
        id: "REL-NO-SIKYU", level: Relation, severity: Error,
        spec_ref: "本文2.3（第6表を基本とし第7表を従属情報とする）; 別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "第6表の利用者に第7表がありません",
        title_en: "a 第6表 user without a 第7表",
        doc: "Every user of a 第6表 (保険者番号 + 被保険者番号 + 対象年月) has a 第7表 in the same send unit, ending with its 999999 全合計 row. A user with no UPSIKYU row at all is reported once, at the user's first UPPLAN record; a 第7表 without its 全合計 row is FILE-SIKYU-TOTAL.",
        fails: "a user in UPPLAN with no UPSIKYU rows",
        passes: "UPSIKYU rows and a 999999 row for the user",
    }
}

/// Rules that no longer fire, with why. Their IDs keep their meaning and are
/// never reused.
pub static RETIRED: &[(&str, &str)] = &[(
    "NAME-KIND-NOT-CHECKED",
    "every file kind of the embedded revisions is checked since the 介護予防 files were added",
)];

pub fn retired(id: &str) -> Option<&'static str> {
    RETIRED.iter().find(|(r, _)| *r == id).map(|(_, why)| *why)
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// The `rules` listing: one rule per line.
pub fn list(lang: crate::finding::Lang) -> String {
    let mut s = String::new();
    for r in ALL {
        let title = match lang {
            crate::finding::Lang::Ja => r.title_ja,
            crate::finding::Lang::En => r.title_en,
        };
        s.push_str(&format!(
            "{:<28} {:<7} {:<9} {}\n{:<28} {}\n",
            r.id,
            r.severity.as_str(),
            r.level.as_str(),
            title,
            "",
            match retired(r.id) {
                Some(why) => format!("retired: {why}"),
                None => r.spec_ref.to_string(),
            }
        ));
    }
    s.push_str(&format!("{} rules\n", ALL.len()));
    s
}

/// The `explain` text for one rule.
pub fn explain(r: &Rule, lang: crate::finding::Lang) -> String {
    let (title, other) = match lang {
        crate::finding::Lang::Ja => (r.title_ja, r.title_en),
        crate::finding::Lang::En => (r.title_en, r.title_ja),
    };
    format!(
        "{id} ({sev}, {level})\n{title}\n{other}\n\nSpec: {spec}\n\n{doc}\n\nFails:  {fails}\nPasses: {passes}\n",
        id = r.id,
        sev = r.severity.as_str(),
        level = r.level.as_str(),
        spec = r.spec_ref,
        doc = r.doc,
        fails = r.fails,
        passes = r.passes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id
            );
            let prefix = match r.level {
                Level::Name => "NAME-",
                Level::Encoding => "ENC-",
                Level::Structure => "CSV-",
                Level::Field => "FLD-",
                Level::File => "FILE-",
                Level::Unit => "UNIT-",
                Level::Relation => "REL-",
            };
            assert!(
                r.id.starts_with(prefix),
                "{} is not at level {:?}",
                r.id,
                r.level
            );
        }
    }
}
