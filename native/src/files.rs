//! Reading and writing the user's files safely (docs/native-host.md#what-it-writes-where):
//! only inside the home folder, one save at a time, never a half-written file, the previous version kept once.
//!
//! Every write goes to a new temporary file in the same folder (mode 0600, created exclusively), is
//! synced, then renamed over the old file, and the folder is synced; a reader sees the old file or the
//! new one, never a mix. A target that is a symbolic link is followed only when it resolves inside the
//! home folder; the comparison is between canonical paths.

use crate::protocol::Refusal;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a save waits for another one to finish.
const LOCK_WAIT: Duration = Duration::from_secs(3);
/// The largest file read: config files are small, and a bigger one is not what we think it is.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The host's own folder, for the `env` files.
pub const OWN_FOLDER: &str = ".config/jenkins-api-token";

/// The user's home folder, canonical.
#[derive(Clone, Debug)]
pub struct Home {
    root: PathBuf,
}

/// Where a target is on disk, after following a link.
#[derive(Debug)]
struct Located {
    /// The real file (the link's target when the path is a link).
    real: PathBuf,
    exists: bool,
}

impl Home {
    /// `HOME` (on Windows `USERPROFILE`), which must be an absolute path to a folder.
    pub fn from_env() -> Result<Home, Refusal> {
        let variable = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        let path = std::env::var_os(variable).filter(|path| !path.is_empty()).map(PathBuf::from);
        match path {
            Some(path) if path.is_absolute() => Home::at(&path),
            _ => Err(Refusal::new(format!(
                "{variable} does not name the home folder, so the host does not know where to write."
            ))),
        }
    }

    pub fn at(path: &Path) -> Result<Home, Refusal> {
        match fs::canonicalize(path) {
            Ok(root) if root.is_dir() => Ok(Home { root }),
            _ => Err(Refusal::new("The home folder does not exist.")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// `relative` as the user knows it: `~/.config/jenkins_jobs/jenkins_jobs.ini`.
    pub fn display(relative: &Path) -> String {
        let parts: Vec<String> =
            relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
        format!("~/{}", parts.join("/"))
    }

    fn inside(&self, path: &Path) -> bool {
        path.starts_with(&self.root) && path != self.root
    }

    /// Finds the real file behind `relative`, refusing a link (of the file or of a folder on the way)
    /// that leads out of the home folder. With `create`, missing folders are made (0700).
    fn locate(&self, relative: &Path, create: bool) -> Result<Option<Located>, Refusal> {
        let shown = Home::display(relative);
        let path = self.root.join(relative);
        let parent = path.parent().ok_or_else(|| Refusal::new(format!("{shown} has no folder.")))?;
        let mut existing = parent;
        while !existing.exists() {
            existing = existing.parent().unwrap_or(&self.root);
        }
        let real_existing = canonical(existing, &shown)?;
        if !(real_existing.starts_with(&self.root)) {
            return Err(outside(&shown));
        }
        if existing != parent {
            if !create {
                return Ok(None);
            }
            make_folders(&real_existing, parent.strip_prefix(existing).unwrap_or(parent), &shown)?;
        }
        let real_parent = canonical(parent, &shown)?;
        if !real_parent.starts_with(&self.root) {
            return Err(outside(&shown));
        }
        let name = path.file_name().ok_or_else(|| Refusal::new(format!("{shown} has no name.")))?;
        let in_parent = real_parent.join(name);
        let is_link = fs::symlink_metadata(&in_parent).is_ok_and(|meta| meta.file_type().is_symlink());
        let real = if is_link {
            fs::canonicalize(&in_parent).map_err(|_| {
                Refusal::new(format!("{shown} is a link to a file that does not exist; it is left as it is."))
            })?
        } else {
            in_parent
        };
        if !self.inside(&real) {
            return Err(outside(&shown));
        }
        match fs::metadata(&real) {
            Ok(meta) if meta.is_file() => Ok(Some(Located { real, exists: true })),
            Ok(_) => Err(Refusal::new(format!("{shown} is not a plain file; it is left as it is."))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Some(Located { real, exists: false })),
            Err(error) => Err(io_refusal(&shown, "read", &error)),
        }
    }

    /// The text of a target, if it exists; `Ok(None)` when it does not.
    pub fn read(&self, relative: &Path) -> Result<Option<String>, Refusal> {
        match self.locate(relative, false)? {
            Some(Located { real, exists: true }) => read_text(&real, &Home::display(relative)).map(Some),
            _ => Ok(None),
        }
    }

    /// Runs `merge` on the target's text (`None` when it does not exist yet) under the save lock, then
    /// writes its result: the old file first kept as `<file>.bak`, both mode 0600.
    pub fn save<T>(
        &self,
        relative: &Path,
        merge: impl FnOnce(Option<&str>) -> Result<(String, T), Refusal>,
    ) -> Result<T, Refusal> {
        let shown = Home::display(relative);
        let _lock = self.lock()?;
        let located = self.locate(relative, true)?.ok_or_else(|| outside(&shown))?;
        let old = if located.exists { Some(read_text(&located.real, &shown)?) } else { None };
        let (new, outcome) = merge(old.as_deref())?;
        if let Some(old) = &old {
            let mut backup = self.root.join(relative).into_os_string();
            backup.push(".bak");
            let backup = self.real_sibling(&PathBuf::from(backup), &shown)?;
            write_atomically(&backup, old.as_bytes(), 0o600).map_err(|error| io_refusal(&shown, "back up", &error))?;
        }
        write_atomically(&located.real, new.as_bytes(), 0o600).map_err(|error| io_refusal(&shown, "write", &error))?;
        Ok(outcome)
    }

    /// `path` with its folder resolved (the `.bak` goes beside the name the user knows, in a folder
    /// already checked); the file itself is replaced by rename, so a link there is replaced, not followed.
    fn real_sibling(&self, path: &Path, shown: &str) -> Result<PathBuf, Refusal> {
        let parent = canonical(path.parent().unwrap_or(&self.root), shown)?;
        let name = path.file_name().ok_or_else(|| outside(shown))?;
        let real = parent.join(name);
        if self.inside(&real) { Ok(real) } else { Err(outside(shown)) }
    }

    /// What the save lock is taken on. On Unix the home folder itself (`flock` takes a folder), so the
    /// lock leaves no file behind and works whatever `~/.config` is.
    #[cfg(unix)]
    fn lock_file(&self) -> Result<File, Refusal> {
        File::open(&self.root).map_err(|error| io_refusal("~", "open", &error))
    }

    /// Elsewhere a file of the host's own folder.
    #[cfg(not(unix))]
    fn lock_file(&self) -> Result<File, Refusal> {
        let shown = format!("~/{OWN_FOLDER}/.lock");
        let located = self.locate(&Path::new(OWN_FOLDER).join(".lock"), true)?.ok_or_else(|| outside(&shown))?;
        open_private(&located.real, false).map_err(|error| io_refusal(&shown, "open", &error))
    }

    /// One save at a time: an exclusive lock, waited for a moment.
    fn lock(&self) -> Result<File, Refusal> {
        let file = self.lock_file()?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Refusal::new("Another save is under way; try again in a moment."));
                }
                Err(fs::TryLockError::Error(error)) => return Err(io_refusal("~", "lock", &error)),
            }
        }
    }
}

fn outside(shown: &str) -> Refusal {
    Refusal::new(format!(
        "{shown} leads out of your home folder (a link to elsewhere); the host writes only inside it, so it is left as it is."
    ))
}

fn io_refusal(shown: &str, verb: &str, error: &io::Error) -> Refusal {
    Refusal::new(format!("Could not {verb} {shown}: {error}."))
}

fn canonical(path: &Path, shown: &str) -> Result<PathBuf, Refusal> {
    fs::canonicalize(path).map_err(|error| io_refusal(shown, "find the folder of", &error))
}

fn read_text(path: &Path, shown: &str) -> Result<String, Refusal> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|error| io_refusal(shown, "read", &error))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::new(format!("{shown} is larger than a config file should be; it is left as it is.")));
    }
    String::from_utf8(bytes).map_err(|_| Refusal::new(format!("{shown} is not UTF-8 text; it is left as it is.")))
}

/// Makes the folders of `rest` below `base` (which exists), each 0700.
fn make_folders(base: &Path, rest: &Path, shown: &str) -> Result<(), Refusal> {
    let mut path = base.to_path_buf();
    for part in rest.components() {
        path.push(part);
        #[cfg(unix)]
        let created = std::os::unix::fs::DirBuilderExt::mode(&mut fs::DirBuilder::new(), 0o700).create(&path);
        #[cfg(not(unix))]
        let created = fs::DirBuilder::new().create(&path);
        match created {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(error) => return Err(io_refusal(shown, "make the folder of", &error)),
        }
    }
    Ok(())
}

/// Opens (or, with `new`, creates exclusively) a file readable by its owner only.
fn open_private(path: &Path, new: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Replaces `path` with `content` in one step: a temporary file beside it, synced, renamed over it, the
/// folder synced. The file gets `mode` whatever the umask (on Unix).
pub fn write_atomically(path: &Path, content: &[u8], mode: u32) -> io::Result<()> {
    let folder = path.parent().ok_or_else(|| io::Error::other("no folder"))?;
    let name = path.file_name().ok_or_else(|| io::Error::other("no file name"))?.to_string_lossy();
    let (temp, mut file) = (0..100)
        .find_map(|attempt| {
            let temp = folder.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
            match open_private(&temp, true) {
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => None,
                opened => Some(opened.map(|file| (temp, file))),
            }
        })
        .unwrap_or_else(|| Err(io::Error::other("no free temporary name")))?;
    let written = (|| {
        #[cfg(unix)]
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
        #[cfg(not(unix))]
        let _ = mode;
        file.write_all(content)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    #[cfg(unix)]
    File::open(folder)?.sync_all()?;
    Ok(())
}
