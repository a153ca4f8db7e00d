//! Saving safely: modes 0600 and 0700, the previous file kept once as `.bak`, links followed only inside
//! the home folder, one save at a time, and nothing written when a save is refused.
#![cfg(unix)]

mod support;

use jenkins_api_token::jenkins::token::TokenValue;
use jenkins_api_token_host::files::Home;
use jenkins_api_token_host::inputs::JenkinsUrl;
use jenkins_api_token_host::protocol::{Hello, Refusal, Save, Saved};
use jenkins_api_token_host::targets::{self, Target};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{TOKEN, TempDir};

const URL: &str = "https://ci.example.com/jenkins/";

fn save(home: &Home, target: Target, user: &str) -> Result<Saved, Refusal> {
    let request = Save {
        target,
        jenkins_url: JenkinsUrl::parse(URL).unwrap(),
        user: user.to_owned(),
        token: TokenValue::parse_minted(TOKEN).unwrap(),
        token_name: "laptop".to_owned(),
        make_current: false,
    };
    targets::save(home, &request)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for item in fs::read_dir(&folder).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_target_is_written_0600_in_folders_made_0700() {
    let dir = TempDir::new("modes");
    let home = Home::at(&dir.path).unwrap();
    for target in Target::ALL {
        let saved = save(&home, target, "alice").unwrap();
        assert!(!saved.replaced, "{target:?}");
    }
    assert_eq!(
        files(&dir.path),
        [
            ".config/jenkins-api-token/ci.example.com.env",
            ".config/jenkins_jobs/jenkins_jobs.ini",
            ".jenkins-cli.yaml",
            ".netrc",
        ],
        "no temporary file is left behind"
    );
    for file in files(&dir.path) {
        assert_eq!(mode(&dir.join(&file)), 0o600, "{file}");
    }
    for folder in [".config", ".config/jenkins_jobs", ".config/jenkins-api-token"] {
        assert_eq!(mode(&dir.join(folder)), 0o700, "{folder}");
    }
    let hello = Hello { jenkins_url: JenkinsUrl::parse(URL).unwrap(), user: "alice".to_owned() };
    for state in targets::hello(&home, &hello) {
        assert!(state.exists && state.has_entry, "{state:?}");
    }
    let other = Hello { jenkins_url: JenkinsUrl::parse("https://other/").unwrap(), user: "alice".to_owned() };
    let states: Vec<(bool, bool)> = targets::hello(&home, &other).iter().map(|s| (s.exists, s.has_entry)).collect();
    assert_eq!(states, [(true, false), (true, true), (true, false), (false, false)], "JJB has one [jenkins]");
}

#[test]
fn the_previous_file_is_kept_once_as_bak() {
    let dir = TempDir::new("bak");
    let home = Home::at(&dir.path).unwrap();
    let netrc = dir.write(".netrc", "machine other login bob password b\n");
    fs::set_permissions(&netrc, fs::Permissions::from_mode(0o644)).unwrap();
    save(&home, Target::Netrc, "alice").unwrap();
    assert_eq!(dir.read(".netrc.bak"), "machine other login bob password b\n");
    assert_eq!((mode(&netrc), mode(&dir.join(".netrc.bak"))), (0o600, 0o600));
    let first = dir.read(".netrc");
    save(&home, Target::Netrc, "carol").unwrap();
    assert_eq!(dir.read(".netrc.bak"), first, "the .bak holds the file as it was just before");
    assert_eq!(files(&dir.path), [".netrc", ".netrc.bak"]);
}

#[test]
fn a_link_inside_the_home_is_followed() {
    let dir = TempDir::new("inside");
    let home = Home::at(&dir.path).unwrap();
    dir.write("dotfiles/netrc", "machine other login bob password b\n");
    symlink("dotfiles/netrc", dir.join(".netrc")).unwrap();
    let saved = save(&home, Target::Netrc, "alice").unwrap();
    assert_eq!(saved.file, "~/.netrc");
    assert!(dir.join(".netrc").is_symlink(), "the link stays a link");
    assert!(dir.read("dotfiles/netrc").contains("machine ci.example.com login alice"));
    assert_eq!(dir.read(".netrc.bak"), "machine other login bob password b\n");
}

#[test]
fn a_link_out_of_the_home_is_refused_and_nothing_is_written() {
    let outside = TempDir::new("outside");
    outside.write("netrc", "machine other login bob password b\n");
    let dir = TempDir::new("linked");
    let home = Home::at(&dir.path).unwrap();
    symlink(outside.join("netrc"), dir.join(".netrc")).unwrap();
    let refusal = save(&home, Target::Netrc, "alice").unwrap_err();
    assert!(refusal.sentence().starts_with("~/.netrc leads out of your home folder"), "{refusal}");
    assert_eq!(outside.read("netrc"), "machine other login bob password b\n");

    symlink(dir.join("nowhere"), dir.join(".jenkins-cli.yaml")).unwrap();
    assert!(save(&home, Target::Jcli, "alice").unwrap_err().sentence().contains("does not exist"));
    assert_eq!(files(&outside.path), ["netrc"]);
    assert_eq!(files(&dir.path), [".jenkins-cli.yaml", ".netrc"], "nothing was written");
}

#[test]
fn a_config_folder_linked_out_of_the_home_refuses_only_what_is_in_it() {
    let outside = TempDir::new("config-outside");
    let dir = TempDir::new("config-linked");
    let home = Home::at(&dir.path).unwrap();
    symlink(&outside.path, dir.join(".config")).unwrap();
    for target in [Target::JenkinsJobs, Target::Env] {
        let refusal = save(&home, target, "alice").unwrap_err();
        assert!(refusal.sentence().contains("leads out of your home folder"), "{refusal}");
    }
    save(&home, Target::Netrc, "alice").unwrap();
    assert!(files(&outside.path).is_empty(), "nothing was made outside the home folder");
}

#[test]
fn what_is_not_a_config_file_is_left_alone() {
    let dir = TempDir::new("odd");
    let home = Home::at(&dir.path).unwrap();
    fs::create_dir(dir.join(".jenkins-cli.yaml")).unwrap();
    assert!(save(&home, Target::Jcli, "alice").unwrap_err().sentence().contains("not a plain file"));
    fs::write(dir.join(".netrc"), b"machine \xff\n").unwrap();
    assert!(save(&home, Target::Netrc, "alice").unwrap_err().sentence().contains("not UTF-8"));
    let big = format!("# {}\n", "x".repeat(1024 * 1024));
    dir.write(".config/jenkins_jobs/jenkins_jobs.ini", &big);
    assert!(save(&home, Target::JenkinsJobs, "alice").unwrap_err().sentence().contains("larger than"));
    dir.write(".config/jenkins_jobs/jenkins_jobs.ini", "[jenkins]\nuser=a\nuser=b\n");
    assert!(save(&home, Target::JenkinsJobs, "alice").unwrap_err().sentence().contains("configparser"));
    assert_eq!(dir.read(".config/jenkins_jobs/jenkins_jobs.ini"), "[jenkins]\nuser=a\nuser=b\n");
    assert_eq!(fs::read(dir.join(".netrc")).unwrap(), b"machine \xff\n");
    assert!(!files(&dir.path).iter().any(|file| file.ends_with(".bak")), "a refused save keeps no backup");
}

/// Holds the save lock (on the home folder) for `hold`, in another thread, as a second host would.
fn hold_lock(dir: &TempDir, hold: Duration) -> std::thread::JoinHandle<()> {
    let lock = fs::File::open(&dir.path).unwrap();
    lock.lock().unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        drop(lock);
    })
}

#[test]
fn a_second_save_waits_for_the_first() {
    let dir = TempDir::new("wait");
    let home = Home::at(&dir.path).unwrap();
    let holder = hold_lock(&dir, Duration::from_millis(600));
    let started = Instant::now();
    save(&home, Target::Netrc, "alice").unwrap();
    assert!(started.elapsed() >= Duration::from_millis(500), "{:?}", started.elapsed());
    holder.join().unwrap();
}

#[test]
fn a_save_gives_up_when_another_one_does_not_end() {
    let dir = TempDir::new("busy");
    let home = Home::at(&dir.path).unwrap();
    let holder = hold_lock(&dir, Duration::from_secs(4));
    let refusal = save(&home, Target::Netrc, "alice").unwrap_err();
    assert_eq!(refusal.sentence(), "Another save is under way; try again in a moment.");
    assert!(!dir.join(".netrc").exists());
    holder.join().unwrap();
}
