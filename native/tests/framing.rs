//! The host binary as a browser runs it: frames on stdin, answers on stdout, nothing on stderr, and an
//! exit when stdin closes. Malformed frames and messages get a JSON refusal, never a crash.

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::{TOKEN, TempDir};

const HOST: &str = env!("CARGO_BIN_EXE_jenkins-api-token-host");
const CHROMIUM_CALLER: &str = "chrome-extension://okfibhbhgfikikemfldgfhpfkofmfiem/";

fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_ne_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

fn message(value: Value) -> Vec<u8> {
    frame(value.to_string().as_bytes())
}

/// Runs the host with `args`, `home` as HOME, feeds it `input` and closes stdin; it must exit within
/// ten seconds.
fn run(home: Option<&Path>, args: &[&str], input: Vec<u8>) -> Output {
    let mut command = Command::new(HOST);
    command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).env_remove("HOME");
    if let Some(home) = home {
        command.env("HOME", home);
    }
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let (done, wait) = mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output().unwrap()));
    wait.recv_timeout(Duration::from_secs(10)).expect("the host exits when stdin closes")
}

/// The answers in `stdout`, each a frame of JSON.
fn answers(output: &Output) -> Vec<Value> {
    let mut rest = output.stdout.as_slice();
    let mut all = Vec::new();
    while !rest.is_empty() {
        let length = u32::from_ne_bytes(rest[..4].try_into().unwrap()) as usize;
        all.push(serde_json::from_slice(&rest[4..4 + length]).unwrap());
        rest = &rest[4 + length..];
    }
    all
}

fn hello() -> Value {
    json!({"type": "hello", "jenkinsUrl": "https://ci.example.com/jenkins/", "user": "alice"})
}

fn save(target: &str) -> Value {
    json!({"type": "save", "target": target, "jenkinsUrl": "https://ci.example.com/jenkins/", "user": "alice",
           "token": TOKEN, "tokenName": "laptop"})
}

fn error(answer: &Value) -> &str {
    assert_eq!(answer["ok"], false, "{answer}");
    answer["error"].as_str().unwrap()
}

#[test]
fn hello_and_save_over_one_connection() {
    let home = TempDir::new("framing");
    let mut input = message(hello());
    for target in ["netrc", "jenkins_jobs", "jcli", "env"] {
        input.extend(message(save(target)));
    }
    input.extend(message(hello()));
    let output = run(Some(&home.path), &[CHROMIUM_CALLER], input);
    assert!(output.status.success());
    let answers = answers(&output);
    let states = |answer: &Value| -> Vec<Value> {
        answer["targets"].as_array().unwrap().iter().map(|t| json!([t["target"], t["exists"], t["hasEntry"]])).collect()
    };
    assert_eq!(answers[0]["ok"], true);
    assert_eq!(answers[0]["version"], env!("CARGO_PKG_VERSION"));
    let files: Vec<&Value> = answers[0]["targets"].as_array().unwrap().iter().map(|t| &t["file"]).collect();
    assert_eq!(
        files,
        [
            "~/.netrc",
            "~/.config/jenkins_jobs/jenkins_jobs.ini",
            "~/.jenkins-cli.yaml",
            "~/.config/jenkins-api-token/ci.example.com.env"
        ]
    );
    assert_eq!(
        states(&answers[0]),
        [
            json!(["netrc", false, false]),
            json!(["jenkins_jobs", false, false]),
            json!(["jcli", false, false]),
            json!(["env", false, false])
        ]
    );
    assert_eq!(
        answers[1],
        json!({"ok": true, "file": "~/.netrc", "replaced": false, "detail": "machine ci.example.com"})
    );
    assert_eq!(answers[2]["file"], "~/.config/jenkins_jobs/jenkins_jobs.ini");
    assert_eq!(answers[3]["detail"], "jenkins_servers entry \"ci.example.com\", made current");
    assert_eq!(answers[4]["detail"], "JENKINS_URL, JENKINS_USER_ID, JENKINS_API_TOKEN");
    assert!(states(&answers[5]).iter().all(|state| state[1] == true && state[2] == true), "{}", answers[5]);
    assert_eq!(answers.len(), 6);
    assert!(home.read(".netrc").contains(TOKEN));
    assert!(!String::from_utf8_lossy(&output.stdout).contains(TOKEN), "no answer holds the token");
    assert!(output.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn malformed_frames_and_messages_get_a_refusal_and_the_stream_goes_on() {
    let home = TempDir::new("malformed");
    let oversized = vec![b' '; 64 * 1024 + 1];
    let mut with_path = save("netrc");
    with_path["file"] = json!("/etc/passwd");
    let inputs = [
        frame(b"not json"),
        frame(b"\xff\xfe\x00"),
        frame(b"[\"hello\"]"),
        message(json!({"type": "delete"})),
        message(save("/etc/passwd")),
        message(save("../.bashrc")),
        message(with_path),
        frame(&oversized),
        message(hello()),
        vec![0x10, 0, 0, 0, b'{'],
    ];
    let output = run(Some(&home.path), &[CHROMIUM_CALLER], inputs.concat());
    assert!(output.status.success());
    let answers = answers(&output);
    let expected = [
        "The message is not JSON.",
        "The message is not UTF-8 text.",
        "The message is not a JSON object.",
        "The message's \"type\" must be \"hello\" or \"save\".",
        "\"target\" must be one of netrc, jenkins_jobs, jcli, env: the host writes only those files, never a path a message names.",
        "\"target\" must be one of netrc, jenkins_jobs, jcli, env: the host writes only those files, never a path a message names.",
        "The message has a field \"file\" the host does not take: a message names one of the fixed targets, never a file.",
        "The message is 65537 bytes long; the host reads messages of at most 65536 bytes.",
    ];
    for (answer, sentence) in answers.iter().zip(expected) {
        assert_eq!(error(answer), sentence);
    }
    assert_eq!(answers[8]["ok"], true, "the frame after an oversized one is read: {}", answers[8]);
    assert_eq!(error(&answers[9]), "The message ended before the length it announced.");
    assert_eq!(answers.len(), 10);
    assert!(std::fs::read_dir(&home.path).unwrap().next().is_none(), "nothing was written");
    assert!(output.stderr.is_empty());
}

#[test]
fn a_stream_ending_inside_a_frame_or_its_length_ends_the_host() {
    for input in [vec![1, 0], (1u32 << 30).to_ne_bytes().to_vec(), frame(b"{\"type\":\"hello\"}")[..9].to_vec()] {
        let output = run(None, &[CHROMIUM_CALLER], input.clone());
        assert!(output.status.success(), "{input:?}");
        let answers = answers(&output);
        assert_eq!(answers.len(), 1, "{input:?}");
        assert_eq!(answers[0]["ok"], false);
    }
    let output = run(None, &[CHROMIUM_CALLER], Vec::new());
    assert!(output.status.success() && output.stdout.is_empty(), "an empty stream is a clean end");
}

#[test]
fn firefox_starts_it_with_the_manifest_path_and_the_add_on_id() {
    let home = TempDir::new("firefox");
    let args = [
        "/home/u/.mozilla/native-messaging-hosts/jenkins_api_token.json",
        "jenkins-api-token@jenkins-api-token.github.io",
    ];
    let output = run(Some(&home.path), &args, message(hello()));
    assert_eq!(answers(&output)[0]["ok"], true);
}

#[test]
fn without_a_home_folder_every_message_is_refused() {
    let output = run(None, &[CHROMIUM_CALLER], message(hello()));
    assert_eq!(
        error(&answers(&output)[0]),
        "HOME does not name the home folder, so the host does not know where to write."
    );
    let output = run(Some(Path::new("relative/home")), &[CHROMIUM_CALLER], message(save("netrc")));
    assert!(error(&answers(&output)[0]).starts_with("HOME does not name"));
}

#[test]
fn started_by_hand_it_explains_itself() {
    let output = run(None, &[], Vec::new());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("jenkins-api-token-host install"));
    let output = run(None, &["--version"], Vec::new());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("jenkins-api-token-host {}", env!("CARGO_PKG_VERSION"))
    );
    let output = run(None, &["somewhere"], message(hello()));
    assert_eq!(output.status.code(), Some(2), "an unknown argument is not a browser");
}
