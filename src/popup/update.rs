//! [`Popup::update`]: what each command does to the state, and what is to be carried out.

use super::*;

type Effects = Vec<Effect>;

/// Just this effect: `vec![effect]`, called rather than inlined at every site.
pub(super) fn one(effect: Effect) -> Effects {
    vec![effect]
}

impl Popup {
    /// Takes one command; answers what to carry out, in order.
    pub fn update(&mut self, command: Command, now: Now) -> Effects {
        self.today = now.day;
        if command.needs_jenkins() && !self.confirmed && self.session.is_some() {
            self.waiting.push(command);
            return Vec::new();
        }
        match command {
            Command::Start { settings, browser, page } => {
                self.settings = settings.settings;
                self.locked = settings.locked;
                self.browser = browser;
                match crate::flow::from_page(&page, &self.settings) {
                    Some(session) => self.open_form(session, now),
                    None => Vec::new(),
                }
            }
            Command::Connected(result) => self.connected(result, now),
            Command::Recalled(records) => {
                self.recalled = Some(records);
                self.resume()
            }
            Command::SettingLoaded(address) => {
                // Checked as when it was typed: any script of the www page's origin can write localStorage.
                self.operations_center = address.and_then(|address| deployment::operations_center_url(&address).ok());
                Vec::new()
            }
            Command::Done(done) => self.done(*done, now),
            Command::Copied { what, result } => self.copied(what, result),
            Command::ClipboardPermitted(permitted) => self.permitted(permitted),
            Command::ClipboardAsked(granted) => self.clipboard_asked(granted),
            Command::ClearArmed(armed) => self.clear_armed(armed, now),
            Command::Timer(timer) => {
                match (timer, &mut self.token) {
                    (Timer::Snippets(serial), Some(panel)) if panel.serial == serial => panel.snippets = true,
                    (Timer::Mask(serial), Some(panel)) if panel.serial == serial && !panel.revoked => {
                        (panel.masked, panel.revealable) = (true, true);
                    }
                    _ => {}
                }
                Vec::new()
            }
            Command::SelectPanel(panel) => self.select(panel),
            Command::NextPanel => {
                let next = if self.panel == Panel::New { Panel::List } else { Panel::New };
                let mut effects = self.select(next);
                effects.push(Effect::Focus(Focus::Tab(next)));
                effects
            }
            Command::FormChanged(form) => {
                if let Some(session) = &self.session {
                    self.form = FormView::of(&form, &session.user, session.offers_expiry());
                }
                Vec::new()
            }
            Command::Generate(form) => self.generate(&form, now),
            Command::CopyToken => self.copy_token(),
            Command::CopySnippet(index) => self.copy_snippet(index),
            Command::CopyUserId => match self.session.as_ref().map(|session| session.user.clone()) {
                Some(user) => self.copy(user, Copied::UserId),
                None => Vec::new(),
            },
            Command::Reveal => {
                if let Some(panel) = self.token.as_mut().filter(|panel| panel.revealable && !panel.revoked) {
                    panel.masked = !panel.masked;
                }
                Vec::new()
            }
            Command::Verify => self.token_job(|panel| Task::Verify(panel.token.clone()), "checking"),
            Command::RevokeNew(step) => self.revoke_new(step),
            Command::LegacyShow => self.legacy(false, now),
            Command::LegacyChange(Step::Ask) => {
                self.legacy_confirm = true;
                Vec::new()
            }
            Command::LegacyChange(Step::Cancel) => {
                self.legacy_confirm = false;
                Vec::new()
            }
            Command::LegacyChange(Step::Confirm) => self.legacy(true, now),
            Command::ListItem { index, action } => self.list_item(index, action, now),
            Command::Cleanup(step) => self.cleanup(step),
            Command::Notice(command) => self.notice_command(command),
            Command::ClearClipboard(on) => self.clear_clipboard(on),
            Command::SaveOperationsCenter(typed) => match deployment::operations_center_url(&typed) {
                Ok(address) => {
                    self.alert = None;
                    self.operations_center = Some(address.clone());
                    match &self.session {
                        Some(session) => one(Effect::SaveSetting { key: setting_key(session), value: address }),
                        None => Vec::new(),
                    }
                }
                Err(problem) => {
                    self.alert = Some(Met::Said(vec![messages::address_problem(problem)]));
                    Vec::new()
                }
            },
            Command::OpenOptions => one(Effect::OpenOptions),
            Command::NativePermitted(permitted) => {
                self.native_permitted = Some(permitted);
                Vec::new()
            }
            Command::NativeAsked(granted) => self.native_asked(granted),
            Command::NativeAnswered(answer) => self.native_answered(&answer),
            Command::SaveToComputer => self.save_to_computer(),
            Command::SaveTo(target) => self.save_to(&target),
        }
    }

    /// Jenkins' answer to who is logged in. Where the form opened from the page, it confirms what the
    /// page showed: the same user, and a command that waited is carried out now; another user, and
    /// the form is theirs, said so, and a waiting click is dropped; nobody, and the session has ended.
    // A call: inlined into `update` it made the wasm larger.
    #[inline(never)]
    fn connected(&mut self, result: Result<Session, Failure>, now: Now) -> Effects {
        let shown = self.session.take();
        let waiting = std::mem::take(&mut self.waiting);
        self.confirmed = true;
        let mut session = match result {
            Ok(session) => session,
            Err(failure) => {
                self.phase = Phase::Failed(match (failure, &shown) {
                    (Failure::NotLoggedIn { login_url }, Some(_)) => Failure::SessionEnded { login_url },
                    (failure, _) => failure,
                });
                return Vec::new();
            }
        };
        let mut effects = match shown {
            None => self.open_form(session, now),
            Some(shown) if shown.user.eq_ignore_ascii_case(&session.user) => {
                // A proxy may hide `X-Jenkins`; the page's `data-version` is the same server's.
                session.version = session.version.or(shown.version);
                self.session = Some(session);
                Vec::new()
            }
            Some(shown) => {
                let mut said =
                    vec![Message::with("page_user_changed", [shown.user.into(), session.user.as_str().into()])];
                if waiting.iter().any(|command| matches!(command, Command::Generate(_))) {
                    said.push(Message::with("generate_again", [session.user.as_str().into()]));
                }
                self.alert = Some(Met::Said(said));
                let mut effects = self.open_form(session, now);
                effects.extend(self.resume());
                return effects;
            }
        };
        effects.extend(self.resume());
        for command in waiting {
            effects.extend(self.update(command, now));
        }
        effects
    }

    /// The form for `session`: the defaults filled in, the operations center looked up.
    fn open_form(&mut self, session: Session, now: Now) -> Effects {
        self.phase = Phase::Ready;
        let fill = self.form_fill(&session, now);
        let filled = TokenForm { expiry: fill.expiry.to_owned(), ..TokenForm::default() };
        self.form = FormView::of(&filled, &session.user, session.offers_expiry());
        let mut effects = one(Effect::FillForm(Box::new(fill)));
        if self.host.native && self.settings.allow_save_to_computer {
            effects.push(Effect::CheckNative);
        }
        if let Some(center) = self.settings.operations_center(&session.root) {
            self.operations_center = Some(center.to_owned());
        } else if session.deployment.connected_controller().is_some() {
            effects.push(Effect::LoadSetting(setting_key(&session)));
        }
        self.session = Some(session);
        effects
    }

    /// The form once the session is known: the default name and lifetime, the organisation's limit,
    /// and the paths it switched off.
    fn form_fill(&self, session: &Session, now: Now) -> FormFill {
        let settings = &self.settings;
        let (expiry, custom_date) = form::default_expiry(settings, now.day);
        FormFill {
            name: form::default_name(
                settings,
                &self.browser,
                &now.day.to_string(),
                &session.user,
                session.root.origin().host(),
            ),
            expiry,
            custom_date,
            earliest: now.day.to_string(),
            latest: form::latest_expiry(settings, now.day),
            offered: form::EXPIRY_CHOICES.into_iter().filter(|choice| form::expiry_offered(settings, choice)).collect(),
            limit: settings.max_days.map(|days| messages::limit(days, session.offers_expiry())),
            for_others: settings.allow_mint_for_others,
            script_console: settings.allow_script_console,
        }
    }
}

// One job at a time.
impl Popup {
    /// The session for a job, unless another holds it (or there is none yet).
    fn take(&mut self) -> Option<Session> {
        if self.busy || !self.confirmed {
            return None;
        }
        let session = self.session.clone()?;
        self.busy = true;
        Some(session)
    }

    fn run(&mut self, task: Task) -> Option<Effect> {
        Some(Effect::Run(Box::new(Job { session: self.take()?, task })))
    }

    fn done(&mut self, done: Done, now: Now) -> Effects {
        let Done { session, outcome } = done;
        self.session = Some(session);
        self.busy = false;
        let changes_tokens = !matches!(
            outcome,
            Outcome::Verified(_) | Outcome::Listed(_) | Outcome::Looked(_) | Outcome::Legacy { changed: false, .. }
        );
        if changes_tokens {
            self.list.tokens = None;
        }
        match outcome {
            Outcome::Minted(result) => self.minted(result),
            Outcome::Verified(result) => {
                if let Some(panel) = &mut self.token {
                    panel.action_status = Some(match result {
                        Ok(verdict) => messages::verdict(&verdict),
                        Err(failure) => messages::failure(&failure),
                    });
                }
                Vec::new()
            }
            Outcome::RevokedNew(result) => {
                if let Some(panel) = &mut self.token {
                    panel.revoke_confirm = false;
                    panel.action_status = Some(match result {
                        Ok(()) => {
                            panel.revoked = true;
                            panel.masked = true;
                            Message::with("revoked_new", [panel.token.name.as_str().into()])
                        }
                        Err(failure) => messages::failure(&failure),
                    });
                }
                Vec::new()
            }
            Outcome::Listed(result) => self.listed(result),
            Outcome::Renamed { token, name, result } => {
                let said = Message::with("renamed", [token.name.as_str().into(), name.as_str().into()]);
                self.list_action_done(result.map(|()| said))
            }
            Outcome::Revoked { token, result } => {
                let said = Message::with("revoked", [token.name.as_str().into()]);
                self.list_action_done(result.map(|()| said))
            }
            Outcome::Rotated { old, result } => self.rotated(&old, result),
            Outcome::CleanedUp(report) => {
                let (done, failed) = messages::cleanup_report(&report);
                self.list.after_read = Some(done);
                if !failed.is_empty() {
                    self.alert = Some(Met::Said(failed));
                }
                self.read_list()
            }
            Outcome::Legacy { changed, result } => {
                let mut effects = self.forget_pending();
                match result {
                    Ok(token) => {
                        effects.extend(self.show_token(token));
                        if changed && let Some(panel) = &mut self.token {
                            panel.action_status = Some(Message::new("legacy_changed"));
                        }
                    }
                    Err(failure) => self.alert = Some(Met::Failure(failure)),
                }
                effects
            }
            Outcome::Looked(result) => self.looked(result, now),
            Outcome::RevokedUnseen(report) => self.revoked_unseen(&report),
        }
    }

    fn forget_pending(&mut self) -> Effects {
        self.pending.take().map(Effect::forget).into_iter().collect()
    }
}

// The new token.
impl Popup {
    /// Generate was clicked: one order, once. A second click while minting does nothing; a form that
    /// needs fixing says what; a name Jenkins just made without showing it takes a second click.
    fn generate(&mut self, form: &TokenForm, now: Now) -> Effects {
        let Some(session) = self.session.as_ref().filter(|_| self.ready_to_mint()) else { return Vec::new() };
        let today = now.day.to_string();
        let order = match form.order(&session.form_context(&today, &self.settings)) {
            Ok(order) => order,
            Err(problem) => {
                self.alert = Some(Met::Said(vec![messages::form_problem(problem)]));
                return Vec::new();
            }
        };
        if let Some((name, warned)) = &mut self.just_made
            && *name == order.name
            && !std::mem::replace(warned, true)
        {
            self.alert = Some(Met::Said(vec![Message::with("form_just_made", [name.as_str().into()])]));
            return Vec::new();
        }
        let record = PendingMint::mint(session, &order, now.ms, now.day);
        let Some(job) = self.run(Task::Mint(order)) else { return Vec::new() };
        self.alert = None;
        self.mint_failure = None;
        self.minting = true;
        self.pending = Some(record.clone());
        vec![Effect::remember(record), job]
    }

    /// Ready, not minting, not showing a token (a shown token is final), and not a Jenkins that has
    /// only the legacy token.
    fn ready_to_mint(&self) -> bool {
        matches!(self.phase, Phase::Ready)
            && !self.minting
            && !self.busy
            && self.token.is_none()
            && self.session.as_ref().is_some_and(|session| !session.legacy_only())
    }

    fn minted(&mut self, result: Result<MintedToken, Failure>) -> Effects {
        self.minting = false;
        match result {
            Ok(token) => {
                let mut effects = self.forget_pending();
                effects.extend(self.show_token(token));
                effects
            }
            // Jenkins may have made it: the list says, at once, and the record stays until it has.
            Err(failure @ Failure::MintUncertain { .. })
                if self.pending.as_ref().is_some_and(PendingMint::can_look) =>
            {
                let record = self.pending.take().expect("a pending mint");
                self.answer_lost(record, failure)
            }
            Err(failure) => {
                self.mint_failure = Some(failure);
                self.forget_pending()
            }
        }
    }

    /// A token made (minted, rotated, or the legacy one) is shown once: copied at once (the click
    /// was the gesture) unless the settings say not to or the user saves tokens to this computer
    /// instead (and the organisation does not make it copy), its snippets drawn once it is on screen,
    /// and masked after a while.
    fn show_token(&mut self, token: MintedToken) -> Effects {
        let owner = token.owner.clone().or_else(|| self.session.as_ref().map(|session| session.user.clone()));
        self.shown += 1;
        self.panel = Panel::New;
        let value = token.value.expose().to_owned();
        self.token = Some(TokenPanel {
            token,
            owner: owner.unwrap_or_default(),
            serial: self.shown,
            masked: false,
            revealable: false,
            snippets: false,
            copy_status: Vec::new(),
            action_status: None,
            revoke_confirm: false,
            revoked: false,
        });
        self.saving = SavePanel::default();
        let saving_instead = self.saves_instead_of_copying() && !self.locked.contains(&Key::AutoCopy);
        let mut effects = one(Effect::Focus(Focus::Token));
        effects.extend(if self.settings.auto_copy && !saving_instead {
            self.copy(value, Copied::Token)
        } else {
            one(Effect::CheckClipboard)
        });
        if let Some(panel) = self.token.as_mut().filter(|_| self.settings.auto_copy && saving_instead) {
            panel.copy_status = vec![Message::new("save_not_copied")];
        }
        effects.extend([
            Effect::Later { timer: Timer::Snippets(self.shown), ms: 0 },
            Effect::Later { timer: Timer::Mask(self.shown), ms: self.host.mask_after_ms },
        ]);
        effects
    }

    fn copy_token(&mut self) -> Effects {
        match self.token.as_ref().map(|panel| panel.token.value.expose().to_owned()) {
            Some(value) => self.copy(value, Copied::Token),
            None => Vec::new(),
        }
    }

    /// A snippet always copies the real value, masked on screen or not.
    fn copy_snippet(&mut self, index: usize) -> Effects {
        let (Some(panel), Some(session)) = (&self.token, &self.session) else { return Vec::new() };
        let Some(snippet) = snippets(&session.root, &panel.owner, panel.token.value.expose()).into_iter().nth(index)
        else {
            return Vec::new();
        };
        self.copy(snippet.text, Copied::Snippet(messages::snippet_title(snippet.title)))
    }

    /// Verify or Revoke on the token shown: a job, with a status while it runs.
    fn token_job(&mut self, task: impl FnOnce(&TokenPanel) -> Task, status: &'static str) -> Effects {
        let Some(task) = self.token.as_ref().filter(|panel| !panel.revoked).map(task) else { return Vec::new() };
        let Some(job) = self.run(task) else { return Vec::new() };
        if let Some(panel) = &mut self.token {
            panel.action_status = Some(Message::new(status));
        }
        one(job)
    }

    fn revoke_new(&mut self, step: Step) -> Effects {
        match step {
            Step::Ask | Step::Cancel => {
                if let Some(panel) = self.token.as_mut().filter(|panel| !panel.revoked && !panel.token.legacy) {
                    panel.revoke_confirm = step == Step::Ask;
                    if step == Step::Ask {
                        return one(Effect::Focus(Focus::RevokeNewYes));
                    }
                }
                Vec::new()
            }
            Step::Confirm => self.token_job(|panel| Task::RevokeNew(panel.token.clone()), "revoking"),
        }
    }

    fn legacy(&mut self, change: bool, now: Now) -> Effects {
        let record = self.session.as_ref().map(|session| PendingMint::legacy_change(session, now.ms, now.day));
        let Some(job) = self.run(if change { Task::ChangeLegacy } else { Task::ShowLegacy }) else { return Vec::new() };
        self.legacy_confirm = false;
        let mut effects = Vec::new();
        if change && let Some(record) = record {
            self.pending = Some(record.clone());
            effects.push(Effect::remember(record));
        }
        effects.push(job);
        effects
    }
}

// The list.
impl Popup {
    /// Opens a panel; the list is read the first time it is shown, and after work that may have
    /// changed it.
    fn select(&mut self, panel: Panel) -> Effects {
        if self.session.as_ref().is_some_and(Session::legacy_only) && panel == Panel::List {
            return Vec::new();
        }
        self.panel = panel;
        self.alert = None;
        if panel == Panel::List && self.list.tokens.is_none() { self.read_list() } else { Vec::new() }
    }

    fn read_list(&mut self) -> Effects {
        let Some(job) = self.run(Task::ReadList) else { return Vec::new() };
        self.list.status = Some(Message::new("list_reading"));
        one(job)
    }

    // A call: inlined into `update` it made the wasm larger.
    #[inline(never)]
    fn listed(&mut self, result: Result<TokenList, Failure>) -> Effects {
        self.list.cleanup = Cleanup::Off;
        self.list.open = None;
        self.list.busy_item = None;
        self.list.serial += 1;
        match result {
            Ok(list) => {
                self.alert = self.alert.take().filter(|alert| matches!(alert, Met::Said(_)));
                let attention = |token: &&ListedToken| !token.attention(self.today).is_empty();
                let needing = list.tokens.iter().filter(attention).count();
                self.list.status = Some(match self.list.after_read.take() {
                    Some(done) => done,
                    None if list.tokens.is_empty() => Message::new("list_none"),
                    None => messages::list_summary(list.tokens.len(), needing),
                });
                self.list.tokens = Some(list.tokens);
            }
            Err(failure) => {
                self.list.status = None;
                self.list.after_read = None;
                self.alert = Some(Met::Failure(failure));
            }
        }
        Vec::new()
    }

    fn list_item(&mut self, index: usize, action: ItemCommand, now: Now) -> Effects {
        let Some(token) = self.list.tokens.as_ref().and_then(|tokens| tokens.get(index)).cloned() else {
            return Vec::new();
        };
        match action {
            ItemCommand::Open(action) => {
                self.list.open = Some((index, action));
                let focus =
                    if action == ListAction::Rename { Focus::ItemRename(index) } else { Focus::ItemConfirm(index) };
                one(Effect::Focus(focus))
            }
            ItemCommand::Cancel => {
                self.list.open = None;
                Vec::new()
            }
            ItemCommand::Rename(name) => self.item_job(index, Task::Rename { token, name: name.trim().to_owned() }),
            ItemCommand::Confirm(ListAction::Revoke) => self.item_job(index, Task::Revoke(token)),
            ItemCommand::Confirm(ListAction::Rotate) => {
                let record =
                    self.session.as_ref().map(|session| PendingMint::rotation(session, &token, now.ms, now.day));
                let mut effects = self.item_job(index, Task::Rotate(token));
                if let (Some(record), false) = (record, effects.is_empty()) {
                    self.pending = Some(record.clone());
                    effects.insert(0, Effect::remember(record));
                }
                effects
            }
            ItemCommand::Confirm(ListAction::Rename) => Vec::new(),
        }
    }

    fn item_job(&mut self, index: usize, task: Task) -> Effects {
        let Some(job) = self.run(task) else { return Vec::new() };
        self.list.busy_item = Some(index);
        one(job)
    }

    /// A rename or a revoke ended: the list is read again and says so, or the failure is said.
    fn list_action_done(&mut self, result: Result<Message, Failure>) -> Effects {
        match result {
            Ok(said) => {
                self.list.after_read = Some(said);
                self.read_list()
            }
            Err(failure) => {
                self.list.busy_item = None;
                self.alert = Some(Met::Said(vec![messages::failure(&failure)]));
                Vec::new()
            }
        }
    }

    /// A rotation made a successor: shown once like any new token, with a status when all went
    /// well, or an alert saying what exists now.
    fn rotated(&mut self, old: &ListedToken, result: Result<MintedToken, RotateFailure>) -> Effects {
        self.list.busy_item = None;
        let mut effects = self.forget_pending();
        match result {
            Ok(new) => {
                effects.extend(self.show_token(new));
                if let Some(panel) = &mut self.token {
                    panel.action_status = Some(Message::with("rotated", [old.name.as_str().into()]));
                }
            }
            Err(failure) => {
                let sentence = messages::rotate_failure(&failure, &old.name);
                if let Some(new) = failure.new_token() {
                    effects.extend(self.show_token(new.clone()));
                }
                self.alert = Some(Met::Said(vec![sentence]));
            }
        }
        effects
    }

    fn cleanup(&mut self, step: CleanupCommand) -> Effects {
        match step {
            CleanupCommand::Open => self.list.cleanup = Cleanup::Choose,
            CleanupCommand::Cancel => self.list.cleanup = Cleanup::Off,
            CleanupCommand::Next(ticked) => {
                let names: Vec<String> = self.ticked(&ticked).into_iter().map(|token| token.name).collect();
                if names.is_empty() {
                    self.list.status = Some(Message::new("cleanup_none_ticked"));
                } else {
                    self.list.cleanup = Cleanup::Confirm(messages::cleanup_confirm(names));
                    self.list.ticked = ticked;
                    return one(Effect::Focus(Focus::CleanupYes));
                }
            }
            CleanupCommand::Confirm => {
                let tokens = self.ticked(&self.list.ticked.clone());
                if let Some(job) = self.run(Task::CleanUp(tokens)) {
                    self.list.cleanup = Cleanup::Off;
                    return one(job);
                }
            }
        }
        Vec::new()
    }

    fn ticked(&self, indexes: &[usize]) -> Vec<ListedToken> {
        let tokens = self.list.tokens.as_deref().unwrap_or_default();
        indexes.iter().filter_map(|index| tokens.get(*index).cloned()).collect()
    }
}

// A mint whose outcome was unknown: the notice.
impl Popup {
    /// The popup opened on a session: what a record for it tells comes first, then the list is read
    /// for its token. Nobody else (another Jenkins, another user) is told.
    fn resume(&mut self) -> Effects {
        let Some(session) = self.session.as_ref().filter(|_| self.confirmed) else { return Vec::new() };
        let Some(records) = self.recalled.take() else { return Vec::new() };
        let Some(record) = records.into_iter().find(|record| record.belongs_to(session)) else { return Vec::new() };
        let mut notice = NoticePanel {
            what_happened: messages::pending_mint::what_happened(&record),
            finding: None,
            looking: false,
            unseen: Vec::new(),
            confirm: false,
            link: None,
            lost: None,
            record,
        };
        let look_yourself = |notice: &mut NoticePanel| {
            notice.finding = Some(messages::pending_mint::look_yourself(&notice.record));
            notice.link = Some(notice.record.tokens_page(session));
        };
        let effects = if !notice.record.can_look() || session.legacy_only() {
            if notice.record.owner.is_some() {
                look_yourself(&mut notice);
            }
            Vec::new()
        } else {
            match self.run(Task::Look(notice.record.clone())) {
                Some(job) => {
                    notice.looking = true;
                    one(job)
                }
                // Another action already has the session (a quick Generate): then by hand.
                None => {
                    let session = self.session.as_ref().expect("connected");
                    notice.finding = Some(messages::pending_mint::look_yourself(&notice.record));
                    notice.link = Some(notice.record.tokens_page(session));
                    Vec::new()
                }
            }
        };
        self.notice = Some(notice);
        effects
    }

    /// Jenkins' answer to Generate was lost: the notice says so at once and looks for what Jenkins made.
    fn answer_lost(&mut self, record: PendingMint, failure: Failure) -> Effects {
        let Failure::MintUncertain { reason, .. } = &failure else { return Vec::new() };
        let what_happened = messages::uncertainty(reason);
        let job = self.run(Task::Look(record.clone()));
        self.notice = Some(NoticePanel {
            what_happened,
            finding: None,
            looking: job.is_some(),
            unseen: Vec::new(),
            confirm: false,
            link: None,
            lost: Some(failure),
            record,
        });
        job.into_iter().collect()
    }

    fn looked(&mut self, result: Result<TokenList, Failure>, now: Now) -> Effects {
        let Some(mut notice) = self.notice.take() else { return Vec::new() };
        notice.looking = false;
        let read = |list: &TokenList| ReadAt { server_ms: list.server_ms, client_ms: now.ms as i64 };
        let mut effects = Vec::new();
        match (result, notice.lost.take()) {
            (Ok(list), lost) => {
                let read = read(&list);
                let look: Look = notice.record.look(list.tokens, read);
                notice.finding = Some(match lost {
                    Some(_) => messages::pending_mint::lost_finding(&notice.record, &look),
                    None => messages::pending_mint::finding(&notice.record, &look),
                });
                // Nothing to decide: the record has done its job.
                if look.unseen.is_empty() {
                    effects.push(Effect::forget(notice.record.clone()));
                }
                if notice.record.action == Action::Generate && !look.unseen.is_empty() {
                    self.just_made = Some((notice.record.name.clone(), false));
                }
                notice.unseen = look.unseen;
                self.notice = Some(notice);
            }
            // The answer was lost and the list cannot be read: the failure as it is, with its link.
            (Err(_), Some(failure)) => {
                effects.push(Effect::forget(notice.record));
                self.mint_failure = Some(failure);
            }
            (Err(_), None) => {
                let session = self.session.as_ref().expect("connected");
                notice.finding = Some(messages::pending_mint::look_yourself(&notice.record));
                notice.link = Some(notice.record.tokens_page(session));
                self.notice = Some(notice);
            }
        }
        effects
    }

    fn notice_command(&mut self, command: NoticeCommand) -> Effects {
        let Some(notice) = &mut self.notice else { return Vec::new() };
        match command {
            NoticeCommand::Revoke(Step::Ask) if notice.offers_revoke() => notice.confirm = true,
            NoticeCommand::Revoke(Step::Cancel) => notice.confirm = false,
            NoticeCommand::Revoke(Step::Confirm) if notice.offers_revoke() => {
                let unseen = notice.unseen.clone();
                if let Some(job) = self.run(Task::RevokeUnseen(unseen)) {
                    if let Some(notice) = &mut self.notice {
                        notice.confirm = false;
                        notice.looking = true;
                    }
                    return one(job);
                }
            }
            // The user decided: the record has done its job.
            NoticeCommand::Keep | NoticeCommand::Dismiss => {
                let notice = self.notice.take().expect("a notice");
                self.just_made = None;
                return one(Effect::forget(notice.record));
            }
            NoticeCommand::Revoke(_) => {}
        }
        Vec::new()
    }

    fn revoked_unseen(&mut self, report: &crate::flow::CleanUp) -> Effects {
        let Some(notice) = &mut self.notice else { return Vec::new() };
        notice.looking = false;
        if report.failed.is_empty() {
            notice.finding = Some(messages::pending_mint::revoked(&notice.record, report.revoked.len()));
            notice.unseen.clear();
            self.just_made = None;
            one(Effect::forget(notice.record.clone()))
        } else {
            let (_, failed) = messages::cleanup_report(report);
            self.alert = Some(Met::Said(failed));
            Vec::new()
        }
    }
}

// Copying, and clearing the clipboard later.
impl Popup {
    /// The wait before clearing, and whether the organisation set it (the user cannot change it).
    fn clear_seconds(&self) -> (u32, bool) {
        (self.settings.clipboard_clear_seconds, self.locked.contains(&Key::ClipboardClearSeconds))
    }

    /// The popup asks the glue to copy, and keeps what, to clear it later if asked.
    fn copy(&mut self, text: String, what: Copied) -> Effects {
        if what != Copied::UserId {
            self.clipboard.copying = Some(text.clone());
        }
        one(Effect::Copy { text, what })
    }

    fn copied(&mut self, what: Copied, result: Result<(), String>) -> Effects {
        let copied = match (what, result) {
            (Copied::UserId, result) => {
                self.user_id_copied = Some(match result {
                    Ok(()) => Message::new("user_id_copied"),
                    Err(reason) => Message::verbatim(&reason),
                });
                return Vec::new();
            }
            (Copied::Token, Ok(())) => Message::new("copied"),
            (Copied::Snippet(title), Ok(())) => Message::with("copied_snippet", [title.into()]),
            (Copied::Token, Err(reason)) => Message::with("copy_failed", [reason.into()]),
            (Copied::Snippet(_), Err(reason)) => Message::with("copy_snippet_failed", [reason.into()]),
        };
        let text = self.clipboard.copying.take();
        let Some(panel) = &mut self.token else { return Vec::new() };
        let succeeded = matches!(copied.key, "copied" | "copied_snippet");
        panel.copy_status = vec![copied];
        match text.filter(|_| succeeded) {
            Some(text) => {
                self.clipboard.last_copied = Some(text.clone());
                self.clipboard.keep_copied = true;
                self.arm(text)
            }
            None => Vec::new(),
        }
    }

    /// Has the worker clear `text` later, when clearing is on and permitted; asks first whether it
    /// is permitted, when not known yet.
    fn arm(&mut self, text: String) -> Effects {
        let (seconds, _) = self.clear_seconds();
        if !self.clipboard.clearing || seconds == 0 {
            return Vec::new();
        }
        match self.clipboard.permitted {
            Some(true) => {
                let ms = self.host.clear_after_ms.unwrap_or(seconds.saturating_mul(1000));
                self.clipboard.delay_ms = ms;
                one(Effect::ClearLater { text, ms })
            }
            Some(false) => Vec::new(),
            None => {
                self.clipboard.arm_when_permitted = Some(text);
                one(Effect::CheckClipboard)
            }
        }
    }

    fn permitted(&mut self, permitted: bool) -> Effects {
        self.clipboard.permitted = Some(permitted);
        match self.clipboard.arm_when_permitted.take() {
            Some(text) if permitted => self.arm(text),
            _ => Vec::new(),
        }
    }

    fn clear_armed(&mut self, armed: bool, now: Now) -> Effects {
        let said = if armed {
            let at = now.ms + u64::from(self.clipboard.delay_ms);
            Message::with("clipboard_clears_at", [crate::messages::Arg::Time(at)])
        } else {
            Message::new("clipboard_clear_failed")
        };
        if let Some(panel) = &mut self.token {
            panel.copy_status.truncate(usize::from(std::mem::take(&mut self.clipboard.keep_copied)));
            panel.copy_status.push(said);
        }
        Vec::new()
    }

    /// The box under the token was ticked (the click asks for the permission it needs) or unticked
    /// (the permissions are given back). The organisation's wait cannot be turned off.
    fn clear_clipboard(&mut self, on: bool) -> Effects {
        let (_, locked) = self.clear_seconds();
        let say = |popup: &mut Popup, key: &'static str| {
            if let Some(panel) = &mut popup.token {
                panel.copy_status = vec![Message::new(key)];
            }
        };
        if on {
            return one(Effect::AskClipboard);
        }
        let mut effects = Vec::new();
        if !locked {
            self.settings.clipboard_clear_seconds = 0;
            self.clipboard.permitted = Some(false);
            effects.push(Effect::SaveOption { key: Key::ClipboardClearSeconds, value: 0 });
            effects.push(Effect::DropClipboard);
        }
        say(self, "clipboard_clearing_off");
        effects
    }

    fn clipboard_asked(&mut self, granted: bool) -> Effects {
        if !granted {
            self.clipboard.permitted = Some(false);
            if let Some(panel) = &mut self.token {
                panel.copy_status = vec![Message::new("clipboard_clearing_refused")];
            }
            return Vec::new();
        }
        self.clipboard.permitted = Some(true);
        let (seconds, locked) = self.clear_seconds();
        let seconds = if seconds == 0 { DEFAULT_CLEAR_SECONDS } else { seconds };
        let mut effects = Vec::new();
        if !locked {
            self.settings.clipboard_clear_seconds = seconds;
            effects.push(Effect::SaveOption { key: Key::ClipboardClearSeconds, value: seconds });
        }
        if let Some(text) = self.clipboard.last_copied.clone() {
            self.clipboard.keep_copied = false;
            effects.extend(self.arm(text));
        }
        effects
    }
}
