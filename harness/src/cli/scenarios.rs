//! `profiles` and `scenarios`: what a scenario pack asks of each profile,
//! and the import files and checklist of one.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use careplan_conformance::certify::pack::{Direction, Pack, Profile};
use careplan_conformance::{certify, report, spec};

use super::{load_pack, out, outln};

#[derive(clap::Args)]
pub struct ProfilesArgs {
    /// A scenario pack folder instead of the embedded one.
    #[arg(long)]
    pack: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct Args {
    /// The profile.
    #[arg(long)]
    profile: String,
    /// Write the import files and checklist.md into this folder.
    #[arg(long)]
    emit: Option<PathBuf>,
    /// A scenario pack folder instead of the embedded one.
    #[arg(long)]
    pack: Option<PathBuf>,
}

/// Each profile with what it requires, then the pack's version.
fn profiles_text(pack: &Pack) -> String {
    let mut s = String::new();
    for p in &pack.profiles {
        let _ = writeln!(s, "{:<18} {}（{}）", p.id, p.title, p.role);
        let _ = match &p.pending {
            Some(why) => writeln!(s, "{:<18} 認定不可: {why}", ""),
            None => writeln!(
                s,
                "{:<18} 必須 {}、任意 {} シナリオ",
                "",
                p.required.len(),
                p.optional.len()
            ),
        };
    }
    let _ = writeln!(
        s,
        "scenario pack {} (revision {})",
        pack.meta.version, pack.meta.revision
    );
    s
}

/// A profile's scenarios, required ones first: ID, required or optional,
/// direction, title.
fn scenarios_text(pack: &Pack, p: &Profile) -> String {
    let mut s = String::new();
    for (id, req) in p
        .required
        .iter()
        .map(|x| (x, "必須"))
        .chain(p.optional.iter().map(|x| (x, "任意")))
    {
        if let Some(sc) = pack.scenario(id) {
            let how = match (sc.meta.direction, sc.meta.reply) {
                (Direction::Output, _) => "出力",
                (_, true) => "取込＋返信",
                _ => "取込（申告）",
            };
            let _ = writeln!(s, "{id:<36} {req}  {how:<10} {}", sc.meta.title);
        }
    }
    s
}

pub fn profiles(a: ProfilesArgs) -> ExitCode {
    let Some(pack) = load_pack(a.pack.as_deref()) else {
        return ExitCode::from(2);
    };
    out!("{}", profiles_text(&pack));
    ExitCode::SUCCESS
}

pub fn scenarios(a: Args) -> ExitCode {
    let Some(pack) = load_pack(a.pack.as_deref()) else {
        return ExitCode::from(2);
    };
    let profile = &a.profile;
    let Some(p) = pack.profile(profile) else {
        eprintln!("error: no profile '{profile}' (`careplan-conformance profiles` lists them)");
        return ExitCode::from(2);
    };
    if let Some(why) = &p.pending {
        eprintln!("error: profile {profile} cannot be certified with this pack: {why}");
        return ExitCode::from(2);
    }
    let Some(dir) = a.emit else {
        out!("{}", scenarios_text(&pack, p));
        return ExitCode::SUCCESS;
    };
    let rev = spec::revision(&pack.meta.revision).expect("the pack's revision is embedded");
    match certify::emit(&pack, p, &dir, rev) {
        Ok(files) => {
            for f in &files {
                outln!("{}", f.display());
            }
            outln!(
                "{} written; follow {}",
                report::count(files.len(), "file"),
                dir.join("checklist.md").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
