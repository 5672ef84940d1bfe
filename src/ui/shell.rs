//! The window around the editor: plans are read and prepared (coverage, checks, map
//! cache) on a background thread while the window shows what is being done, so a
//! 100k-parcel city opens with a progress screen instead of a frozen window.

use crate::i18n::tr;
use crate::tr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use egui::Ui;

use super::app::StrataApp;
use super::frame_bench::FrameBench;
use crate::io::{ReadOptions, ReadProgress};
use crate::model::Reference;

pub struct Shell {
    state: State,
    reference: Reference,
    /// Given to the first editor once the plan is loaded.
    smoke: Option<super::SmokeRun>,
    bench: Option<FrameBench>,
    /// The first editor starts in the 3D view (`strata open --view 3d`).
    pub start_in_3d: bool,
}

enum State {
    Loading(Loading),
    Ready(Box<StrataApp>),
    Failed(String),
    /// Transient while switching states.
    Empty,
}

struct Loading {
    path: PathBuf,
    stage: Arc<Mutex<String>>,
    /// Bytes read so far, and the Cancel button's switch.
    progress: Arc<ReadProgress>,
    /// Set once the file is read; the later stages have no fraction.
    read_done: Arc<std::sync::atomic::AtomicBool>,
    /// The window's context, for the reader to wake it when the editor is ready (the
    /// progress screen repaints only four times a second).
    waker: Arc<std::sync::OnceLock<egui::Context>>,
    started: Instant,
    result: Receiver<Result<StrataApp, String>>,
    /// The editor to go back to if the plan cannot be read (opening from the editor).
    previous: Option<Box<StrataApp>>,
}

impl Shell {
    /// A window that starts by loading `path`.
    pub fn loading(
        path: PathBuf,
        reference: Reference,
        smoke: Option<super::SmokeRun>,
        bench: Option<FrameBench>,
    ) -> Self {
        let loading = start(path, reference.clone(), None, None);
        Self {
            state: State::Loading(loading),
            reference,
            smoke,
            bench,
            start_in_3d: false,
        }
    }

    /// A window on a plan already in memory.
    pub fn ready(mut app: StrataApp) -> Self {
        app.loads_in_background = true;
        app.check_recovery();
        let reference = app.reference.clone();
        Self {
            state: State::Ready(Box::new(app)),
            reference,
            smoke: None,
            bench: None,
            start_in_3d: false,
        }
    }
}

/// Reads `path` on a thread of its own; `window` is woken when the editor is ready (known
/// from the first frame of the progress screen when not given).
fn start(
    path: PathBuf,
    reference: Reference,
    previous: Option<Box<StrataApp>>,
    window: Option<egui::Context>,
) -> Loading {
    let stage = Arc::new(Mutex::new(String::new()));
    let progress = Arc::new(ReadProgress::default());
    let read_done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (send, result) = std::sync::mpsc::channel();
    let thread_stage = Arc::clone(&stage);
    let thread_progress = Arc::clone(&progress);
    let thread_read_done = Arc::clone(&read_done);
    let thread_path = path.clone();
    let waker = Arc::new(std::sync::OnceLock::<egui::Context>::new());
    if let Some(ctx) = window {
        let _ = waker.set(ctx);
    }
    let thread_waker = Arc::clone(&waker);
    std::thread::spawn(move || {
        let begun = Instant::now();
        let timings = std::env::var_os("STRATA_TIMINGS").is_some();
        let report = |text: &str| {
            if timings {
                eprintln!("{:>7.2} s  {text}", begun.elapsed().as_secs_f64());
            }
            if let Ok(mut s) = thread_stage.lock() {
                *s = text.to_owned();
            }
        };
        let size = std::fs::metadata(&thread_path).map_or(0, |m| m.len());
        report(&tr!(
            "loading-reading",
            size = format!("{:.1}", size as f64 / 1e6)
        ));
        let options = ReadOptions {
            progress: Some(Arc::clone(&thread_progress)),
            ..ReadOptions::default()
        };
        let loaded = crate::io::load_plan(&thread_path, &options).map_err(|e| {
            tr!(
                "status-cannot-open",
                path = thread_path.display().to_string(),
                reason = e.text()
            )
        });
        thread_read_done.store(true, Ordering::Relaxed);
        let app = loaded.map(|loaded| {
            let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
            let mut app = StrataApp::new_with_progress(
                loaded.plan,
                Some(thread_path.clone()),
                reference,
                &report,
            );
            if errors > 0 {
                app.status = tr!("loading-unreadable", n = errors);
            }
            app
        });
        // The window may be gone already; nothing to do then.
        let _ = send.send(app);
        if let Some(ctx) = thread_waker.get() {
            ctx.request_repaint();
        }
    });
    Loading {
        path,
        stage,
        progress,
        read_done,
        waker,
        started: Instant::now(),
        result,
        previous,
    }
}

impl eframe::App for Shell {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        panels_over_clear_colour(ui.ctx());
        let state = std::mem::replace(&mut self.state, State::Empty);
        self.state = match state {
            State::Loading(loading) => self.poll(loading, ui),
            State::Ready(mut app) => {
                app.ui(ui, frame);
                match app.open_request.take() {
                    Some(path) => {
                        let reference = self.reference.clone();
                        let window = Some(ui.ctx().clone());
                        State::Loading(start(path, reference, Some(app), window))
                    }
                    None => State::Ready(app),
                }
            }
            State::Failed(error) => {
                failed_ui(ui, &error);
                State::Failed(error)
            }
            State::Empty => State::Empty,
        };
    }

    /// The panels' colour: they are drawn transparent over it (`panels_over_clear_colour`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        panel_colour(visuals).to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        if let State::Ready(app) = &mut self.state {
            app.on_exit(gl);
        }
    }
}

impl Shell {
    fn poll(&mut self, loading: Loading, ui: &mut Ui) -> State {
        loading.waker.get_or_init(|| ui.ctx().clone());
        let received = match loading.result.try_recv() {
            Err(TryRecvError::Empty) => {
                if !loading_ui(ui, &loading) {
                    // Four times a second: under software GL each repaint of the window
                    // takes CPU the reader needs (a fifth of a core at ten a second).
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(250));
                    return State::Loading(loading);
                }
                // Cancelled: the reader stops at its next read; a later stage finishes
                // on its own and its result is dropped with the channel.
                loading.progress.cancel.store(true, Ordering::Relaxed);
                Err(tr!(
                    "loading-cancelled",
                    path = loading.path.display().to_string()
                ))
            }
            Err(TryRecvError::Disconnected) => Err(tr("loading-stopped")),
            Ok(result) => result,
        };
        ui.ctx().request_repaint();
        // While a city's first whole check runs beside the first frames, until it is in
        // (`Analyses::poll_checking`).
        let checking = matches!(&received, Ok(app) if app.analyses.is_checking());
        crate::memory::return_freed_at_once(checking);
        match (received, loading.previous) {
            (Ok(mut app), Some(mut previous)) => {
                app.loads_in_background = true;
                previous.close_cleanly();
                let status = std::mem::take(&mut app.status);
                previous.replace_document(app);
                previous.status = if status.is_empty() {
                    tr!("status-opened", path = loading.path.display().to_string())
                } else {
                    status
                };
                State::Ready(previous)
            }
            (Ok(mut app), None) => {
                app.loads_in_background = true;
                app.smoke = self.smoke.take();
                app.bench = self.bench.take();
                app.view3d.shown = std::mem::take(&mut self.start_in_3d);
                app.check_recovery();
                eprintln!(
                    "opened {} in {:.1} s",
                    loading.path.display(),
                    loading.started.elapsed().as_secs_f64()
                );
                State::Ready(Box::new(app))
            }
            (Err(error), Some(mut previous)) => {
                previous.status = error;
                State::Ready(previous)
            }
            (Err(error), None) => {
                eprintln!("{error}");
                if self.smoke.is_some() || self.bench.is_some() {
                    // A scripted run must not hang on an error screen.
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
                State::Failed(error)
            }
        }
    }
}

/// The progress screen; true when Cancel was clicked.
fn loading_ui(ui: &mut Ui, loading: &Loading) -> bool {
    let stage = loading.stage.lock().map(|s| s.clone()).unwrap_or_default();
    let reading = !loading.read_done.load(Ordering::Relaxed);
    let mut cancel = false;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.heading(tr!(
                "loading-opening",
                name = loading
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ));
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                ui.add_space((ui.available_width() - 320.0).max(0.0) / 2.0);
                super::spinner::slow_spinner(ui);
                ui.label(format!(
                    "{stage}… {:.1} s",
                    loading.started.elapsed().as_secs_f64()
                ));
            });
            if reading {
                // Bytes parsed against the file size: reading is most of an open.
                let fraction = loading.progress.fraction();
                ui.add_space(8.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(320.0)
                        .show_percentage(),
                );
            }
            ui.add_space(12.0);
            cancel = ui.button(tr("loading-cancel")).clicked();
        });
    });
    cancel
}

fn failed_ui(ui: &mut Ui, error: &str) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.heading(tr("loading-failed"));
            ui.add_space(8.0);
            ui.label(error);
            ui.add_space(8.0);
            if ui.button(tr("loading-quit")).clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
    });
}

/// The theme's panel colour (the visuals given to `clear_color` have it transparent).
fn panel_colour(visuals: &egui::Visuals) -> egui::Color32 {
    if visuals.dark_mode {
        egui::Visuals::dark().panel_fill
    } else {
        egui::Visuals::light().panel_fill
    }
}

/// Panels draw no background of their own: the window is cleared to their colour
/// instead. Each panel's fill is a textured, blended rectangle; under software GL
/// (llvmpipe, as on a machine without a GPU) filling most of the window again every
/// frame costs milliseconds, a clear almost nothing. The look is the same.
fn panels_over_clear_colour(ctx: &egui::Context) {
    if ctx.global_style().visuals.panel_fill != egui::Color32::TRANSPARENT {
        ctx.all_styles_mut(|style| style.visuals.panel_fill = egui::Color32::TRANSPARENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The progress screen repaints four times a second; the reader wakes it at once
    /// when the editor is ready, without waiting for its next turn.
    #[test]
    fn the_reader_wakes_the_window_when_the_editor_is_ready() {
        let ctx = egui::Context::default();
        let (asked, delays) = std::sync::mpsc::channel();
        let asked = Mutex::new(asked);
        ctx.set_repaint_observer(move |info| {
            if let Ok(asked) = asked.lock() {
                let _ = asked.send(info.delay);
            }
        });
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_maps")
            .join("shenzhen_renewal.geojson");
        let loading = start(path, Reference::default(), None, Some(ctx));
        let delay = delays
            .recv_timeout(Duration::from_secs(60))
            .expect("a repaint asked for");
        assert_eq!(delay, Duration::ZERO);
        let app = loading.result.try_recv().expect("the editor sent first");
        assert!(app.is_ok());
    }
}
