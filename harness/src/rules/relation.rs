//! The relation level: the records of one send unit's files against each
//! other (本文2.3). A dependent record finds its parent by 保険者番号 +
//! 被保険者番号 + 計画作成（変更）日 or + 対象年月; UPKIHON names the family
//! images sent with it; every user of a 第6表 has a 第7表.

// The keys of a unit's files are only looked up, never listed: hashed
// with foldhash (randomly seeded), not ordered; findings come in the order
// of the records that give them.
use foldhash::HashSet;

use crate::fact::Fact;
use crate::finding::{Finding, Position};
use crate::result::{FileResult, KeyOf};
use crate::rules::file_finding as finding;
use crate::rules::unit::{several_allowed, Formed};
use crate::rules::RoleNeed;
use crate::spec::{FileFormat, KindSpec, RelationKey, Revision, Role, SendUnit};

rules! {
    level: Relation;
    REL_NO_PLAN = {
        id: "REL-NO-PLAN", severity: Error,
        spec_ref: "本文2.3 データの紐づけ（計画書1表を基本とし…「保険者番号」「被保険者番号」「居宅サービス計画作成（変更）日」で紐づけ）",
        title_ja: "第1表に紐づかないレコードです",
        title_en: "a record without its 第1表 record",
        doc: "UP2KYO, UP3KYO and the UPHOSOKU sent with them depend on a UP1KYO record with the same 保険者番号, 被保険者番号 and 居宅サービス計画作成（変更）日 in the same send unit. Each dependent record without one is reported at its key date. Checked only when the unit has a UP1KYO (otherwise UNIT-MISSING-MEMBER says so), and not for records whose key fields already carry an error (a malformed 被保険者番号 is reported once, where it is). The 介護予防 別表 are linked to their own parents: REL-NO-KIHON, REL-NO-YOBO.",
        fails: "UP2KYO record with 計画作成日 20250326, UP1KYO with 20250325",
        passes: "both 20250325",
    }
    REL_NO_KIHON = {
        id: "REL-NO-KIHON", severity: Error,
        spec_ref: "別紙 利用者基本情報（別表1）（別表2） Nos.2-4「※紐づく「利用基本情報」レコードの「保険者番号」「被保険者番号」「相談日」と同様の値を記載」; 本文3.3",
        title_ja: "利用者基本情報に紐づかないレコードです",
        title_en: "a record without its 利用者基本情報 record",
        doc: "UPKIHON_SUB1 and UPKIHON_SUB2 records carry the 保険者番号, 被保険者番号 and 相談日 of the UPKIHON record they belong to (本文3.3: 利用者基本情報 is linked by 保険者番号, 被保険者番号 and 相談日, 「※別表１、別表2、家族構成画像ファイルを含む」). Each record with no UPKIHON record of the same three values in its send unit is reported at its 相談日. Checked only when the unit has a UPKIHON, and not for records whose key fields already carry an error.",
        fails: "UPKIHON_SUB2 record with 相談日 20250321, UPKIHON with 20250320",
        passes: "both 20250320",
    }
    REL_NO_YOBO = {
        id: "REL-NO-YOBO", severity: Error,
        spec_ref: "別紙 介護予防サービス・支援計画書（別表） Nos.2-4「※紐づく「介護予防サービス・支援計画書」レコードの「保険者番号」「被保険者番号」「計画作成(変更)日」と同様の値を記載」; 本文3.3",
        title_ja: "介護予防サービス・支援計画書に紐づかないレコードです",
        title_en: "a record without its 介護予防サービス・支援計画書 record",
        doc: "UPYOBO_SUB records carry the 保険者番号, 被保険者番号 and 計画作成(変更)日 of the UPYOBO record they belong to (本文3.3, 「※別表を含む」). Each record with no UPYOBO record of the same three values in its send unit is reported at its 計画作成(変更)日. Checked only when the unit has a UPYOBO, and not for records whose key fields already carry an error.",
        fails: "UPYOBO_SUB record with 計画作成(変更)日 20250326, UPYOBO with 20250325",
        passes: "both 20250325",
    }
    REL_NO_USE_SLIP = {
        id: "REL-NO-USE-SLIP", severity: Error,
        spec_ref: "本文2.3 データの紐づけ（第6表を基本とし…「保険者番号」「被保険者番号」「対象年月」で紐づけ）",
        title_ja: "第6表に紐づかないレコードです",
        title_en: "a record without its 第6表 records",
        doc: "UPSIKYU and the UPHOSOKU sent with a 第6表 depend on UPPLAN records with the same 保険者番号, 被保険者番号 and 対象年月 (UPHOSOKU No.63) in the same send unit. Each dependent record without one is reported at its 対象年月; records whose key fields already carry an error are not reported again.",
        fails: "UPSIKYU records for a 被保険者番号 absent from UPPLAN",
        passes: "the same user in both",
    }
    REL_IMAGE_MISSING = {
        id: "REL-IMAGE-MISSING", severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62「家族構成に関する画像ファイル名（JPEG形式）を記載」; 本文3.3",
        title_ja: "利用者基本情報が記載する家族構成の画像ファイルが送信単位にありません",
        title_en: "the family-structure image UPKIHON names is not in the send unit",
        doc: "UPKIHON No.62 carries the name of the family-structure image (UPKIHON_IMAGE_…_枝番.jpg) sent with the record. A name that matches no image file of the same send unit is reported at the record.",
        fails: "No.62 names …_0001.jpg, no such file",
        passes: "…_0001.jpg sent beside UPKIHON",
    }
    REL_IMAGE_UNREFERENCED = {
        id: "REL-IMAGE-UNREFERENCED", severity: Warning,
        spec_ref: "別紙 利用者基本情報 No.62; 本文3.3",
        title_ja: "どの利用者基本情報にも記載されていない家族構成の画像ファイルです",
        title_en: "a family-structure image that no UPKIHON record names",
        doc: "An image sent in a unit whose UPKIHON names it in no record cannot be attached to a user by the receiver. A warning: the image may be meant for a record sent later.",
        fails: "…_0002.jpg sent, No.62 names only …_0001.jpg",
        passes: "every image named in No.62",
    }
    REL_NO_SIKYU = {
        id: "REL-NO-SIKYU", severity: Error,
        spec_ref: "本文2.3（第6表を基本とし第7表を従属情報とする）; 別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "第6表の利用者に第7表がありません",
        title_en: "a 第6表 user without a 第7表",
        doc: "Every user of a 第6表 (保険者番号 + 被保険者番号 + 対象年月) has a 第7表 in the same send unit, ending with its 999999 全合計 row. A user with no UPSIKYU row at all is reported once, at the user's first UPPLAN record; a 第7表 without its 全合計 row is FILE-SIKYU-TOTAL.",
        fails: "a user in UPPLAN with no UPSIKYU rows",
        passes: "UPSIKYU rows and a 999999 row for the user",
    }
}

/// Whether a kind is a CSV member of a send unit of its revision whose
/// relation key is `key`, and is (or is not) the unit's parent.
fn member_keyed_by(rev: &Revision, k: &KindSpec, key: RelationKey) -> bool {
    k.format == FileFormat::Csv
        && rev
            .send_units
            .iter()
            .any(|u| u.key == Some(key) && u.members.contains(&k.kind))
}

/// Records of the plan set find their 第1表 by 保険者番号 + 被保険者番号 +
/// 居宅サービス計画作成（変更）日.
pub static PLAN_KEY: RoleNeed = RoleNeed {
    rule: &REL_NO_PLAN,
    applies: |rev, k| member_keyed_by(rev, k, RelationKey::PlanDate),
    roles: &[Role::InsurerNumber, Role::InsuredNumber, Role::PlanDate],
};

/// Records of the 利用票 set find their 第6表 by 保険者番号 + 被保険者番号 +
/// 対象年月 …
pub static MONTH_KEY: RoleNeed = RoleNeed {
    rule: &REL_NO_USE_SLIP,
    applies: |rev, k| member_keyed_by(rev, k, RelationKey::Month) && k.month_placeholder.is_none(),
    roles: &[Role::InsurerNumber, Role::InsuredNumber, Role::ServiceMonth],
};

/// … which UPHOSOKU carries in No.63.
pub static HOSOKU_MONTH_KEY: RoleNeed = RoleNeed {
    rule: &REL_NO_USE_SLIP,
    applies: |rev, k| member_keyed_by(rev, k, RelationKey::Month) && k.month_placeholder.is_some(),
    roles: &[Role::InsurerNumber, Role::InsuredNumber, Role::HosokuMonth],
};

/// The parent of a unit with family images names them.
pub static IMAGE_NAME: RoleNeed = RoleNeed {
    rule: &REL_IMAGE_MISSING,
    applies: |rev, k| {
        rev.send_units.iter().any(|u| {
            u.parent.as_deref() == Some(k.kind.as_str())
                && u.members
                    .iter()
                    .any(|m| rev.layout(m).is_some_and(|l| l.name_branch))
        })
    },
    roles: &[Role::ImageName],
};

/// The 第6表 and the 第7表 every one of its users needs.
pub static EACH_USER: RoleNeed = RoleNeed {
    rule: &REL_NO_SIKYU,
    applies: |rev, k| {
        rev.send_units.iter().any(|u| {
            u.each_parent_user_in.is_some()
                && (u.parent.as_ref() == Some(&k.kind)
                    || u.each_parent_user_in.as_ref() == Some(&k.kind))
        })
    },
    roles: &[Role::InsurerNumber, Role::InsuredNumber, Role::ServiceMonth],
};

/// Every send unit's relation rule is one of this level's.
#[cfg(test)]
#[test]
fn the_relation_rules_the_data_names_exist() {
    for rev in crate::spec::revisions() {
        for u in &rev.send_units {
            if let Some(id) = &u.relation_rule {
                assert!(RULES.iter().any(|r| r.id == id), "{} names {id}", u.id);
            }
        }
    }
}

/// What the relation rules read by role (the record keys `check` takes).
pub static NEEDS: &[&RoleNeed] = &[
    &PLAN_KEY,
    &MONTH_KEY,
    &HOSOKU_MONTH_KEY,
    &IMAGE_NAME,
    &EACH_USER,
];

/// Checks the relations inside each unit formed by `rules::unit`. Returns
/// the findings, each to be filed under the file it names.
pub fn check(units: &[Formed]) -> Vec<Finding> {
    units
        .iter()
        .flat_map(|u| relations(u.unit, &u.files))
        .collect()
}

/// Relations inside one unit (本文2.3): dependents must find their parent by
/// 保険者番号 + 被保険者番号 + 計画作成（変更）日 (to UP1KYO) or + 対象年月 (to UPPLAN).
fn relations(unit: &SendUnit, files: &[&FileResult]) -> Vec<Finding> {
    let mut out = Vec::new();
    let (Some(parent_kind), Some(key)) = (unit.parent.as_deref(), unit.key) else {
        return out;
    };
    let (which, default_rule, key_role) = match key {
        RelationKey::PlanDate => (KeyOf::PlanDate, &REL_NO_PLAN, Role::PlanDate),
        RelationKey::Month => (KeyOf::Month, &REL_NO_USE_SLIP, Role::ServiceMonth),
    };
    // The annex words the link of each parent in its own notes.
    let rule: &'static crate::finding::Rule = unit
        .relation_rule
        .as_deref()
        .and_then(|id| RULES.iter().copied().find(|r| r.id == id))
        .unwrap_or(default_rule);
    let Some(parent) = files
        .iter()
        .find(|f| f.kind.as_deref() == Some(parent_kind))
    else {
        return out;
    };
    // A parent with records that could not be read cannot say which keys it
    // lacks: its dependents are not judged against it.
    if !parent.keys_complete {
        return out;
    }
    // The parent's item that links them, as its layout names it.
    let key_label = crate::spec::revision(&parent.revision)
        .and_then(|r| r.layout(parent_kind))
        .and_then(|l| l.field_by_role(key_role))
        .map(|f| f.name.clone())
        .unwrap_or_default();
    // Inserted one by one: a 第6表 repeats each key on many records, and
    // collecting them all first would hold one entry per record.
    let mut parents: HashSet<(&str, &str, &str)> = HashSet::default();
    let mut last = None;
    for k in parent.keys.links(which) {
        let key = k.key3();
        if key.is_some() && key != last {
            parents.extend(key);
            last = key;
        }
    }
    for f in files
        .iter()
        .filter(|f| f.kind.as_deref() != Some(parent_kind))
    {
        for link in f.keys.links(which).filter(|k| k.key_valid) {
            let Some(found) = link.key3() else {
                continue;
            };
            if parents.contains(&found) {
                continue;
            }
            let k = f.keys.key(link.n).unwrap_or_default();
            let field = match which {
                KeyOf::PlanDate => k.plan_date.as_ref(),
                KeyOf::Month => k.month.as_ref(),
            };
            let mut fnd = finding(
                rule,
                f,
                field.map(|x| x.pos).unwrap_or_default(),
                Fact::NoParent {
                    parent_kind: parent_kind.to_string(),
                    key: key_label.clone(),
                    parent_file: parent.file.clone(),
                },
            );
            fnd.found = Some(found.2.to_string());
            fnd.personal = field.is_some_and(|x| x.personal);
            fnd.field_name = field.map(|x| x.name.to_string());
            out.push(fnd);
        }
    }
    // Family-structure images: each one UPKIHON No.62 names is in the unit,
    // and each image in the unit is named.
    // A parent whose layout has no image name field names none: its keys
    // (a 第6表's hundreds of thousands) are not read for them.
    let images: Vec<&&FileResult> = files.iter().filter(|f| several_allowed(f)).collect();
    let records_naming_images = || {
        let records = parent
            .keys
            .has_image_names()
            .then(|| parent.keys.keys_only());
        records.into_iter().flatten()
    };
    let named: HashSet<&str> = records_naming_images()
        .filter_map(|k| k.image_name.map(|n| n.value))
        .collect();
    for k in records_naming_images() {
        let Some(n) = &k.image_name else { continue };
        if !images.iter().any(|f| f.file == n.value) {
            let mut fnd = finding(&REL_IMAGE_MISSING, parent, n.pos, Fact::ImageMissing);
            fnd.found = Some(n.value.to_string());
            fnd.personal = n.personal;
            fnd.field_name = Some(n.name.to_string());
            out.push(fnd);
        }
    }
    for img in images {
        if !named.contains(img.file.as_str()) {
            out.push(finding(
                &REL_IMAGE_UNREFERENCED,
                img,
                Position::default(),
                Fact::ImageUnreferenced {
                    parent_file: parent.file.clone(),
                },
            ));
        }
    }
    if let Some(each_in) = unit.each_parent_user_in.as_deref() {
        // Every user of the 第6表 has a 第7表 (whose 全合計 row FILE-SIKYU-TOTAL checks).
        // A 第7表 with records that could not be read (or not read at all)
        // cannot say which users it lacks.
        if let Some(sikyu) = files
            .iter()
            .find(|f| f.kind.as_deref() == Some(each_in))
            .filter(|f| f.keys_complete)
        {
            let mut users: HashSet<(&str, &str, &str)> = HashSet::default();
            for k in sikyu.keys.links(KeyOf::Month) {
                users.extend(k.key3());
            }
            let mut seen = HashSet::default();
            let mut last = None;
            for link in parent.keys.links(KeyOf::Month).filter(|k| k.key_valid) {
                let Some(key) = link.key3() else {
                    continue;
                };
                // The same key as the record before was settled with it.
                let same = crate::values::same;
                if last.is_some_and(|l: (&str, &str, &str)| {
                    same(l.0, key.0) && same(l.1, key.1) && same(l.2, key.2)
                }) {
                    continue;
                }
                last = Some(key);
                if users.contains(&key) || !seen.insert(key) {
                    continue;
                }
                let k = parent.keys.key(link.n).unwrap_or_default();
                let mut fnd = finding(
                    &REL_NO_SIKYU,
                    parent,
                    k.month.as_ref().map(|p| p.pos).unwrap_or_default(),
                    Fact::NoSikyu {
                        file: sikyu.file.clone(),
                    },
                );
                fnd.found = Some(key.2.to_string());
                fnd.personal = k.month.as_ref().is_some_and(|x| x.personal);
                fnd.field_name = k.month.as_ref().map(|x| x.name.to_string());
                out.push(fnd);
            }
        }
    }
    out
}
