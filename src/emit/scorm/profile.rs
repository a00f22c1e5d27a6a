//! What differs between SCORM 1.2 and SCORM 2004 4th edition, as data: the
//! emitter and the runtime (`templates/scorm/scorm.js`) have one code path
//! and read every name, format and limit from here.

use serde::Serialize;

/// The runtime API's function names.
#[derive(Debug, Serialize)]
pub struct ApiNames {
    /// `window.API` / `window.API_1484_11`.
    pub object: &'static str,
    pub initialize: &'static str,
    pub terminate: &'static str,
    pub get: &'static str,
    pub set: &'static str,
    pub commit: &'static str,
    pub last_error: &'static str,
    pub error_string: &'static str,
    pub diagnostic: &'static str,
}

/// Data model element names (`None`: the version has no such element).
#[derive(Debug, Serialize)]
pub struct Elements {
    pub entry: &'static str,
    pub mode: &'static str,
    pub exit: &'static str,
    pub location: &'static str,
    pub suspend_data: &'static str,
    pub session_time: &'static str,
    pub mastery: &'static str,
    pub raw: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub scaled: Option<&'static str>,
    /// 1.2 `cmi.core.lesson_status`; 2004 `cmi.completion_status`.
    pub completion: &'static str,
    /// 2004 `cmi.success_status`; 1.2 folds success into lesson_status.
    pub success: Option<&'static str>,
    pub interactions: &'static str,
    /// `learner_response` / `student_response`.
    pub response: &'static str,
    /// `timestamp` / `time`.
    pub time: &'static str,
    pub description: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Profile {
    /// `1.2` or `2004`.
    pub version: &'static str,
    /// The `--format` name.
    #[serde(skip)]
    pub format: &'static str,
    #[serde(skip)]
    pub title: &'static str,
    pub api: ApiNames,
    pub cmi: Elements,
    /// Delimiter between the parts of a response pattern.
    pub list: &'static str,
    /// Delimiter inside a matching pair.
    pub pair: &'static str,
    /// Delimiter of a numeric range (`None`: a single number).
    #[serde(skip)]
    pub range: Option<&'static str>,
    pub true_value: &'static str,
    pub false_value: &'static str,
    /// Interaction type of open questions.
    pub open_type: &'static str,
    /// Characters an open answer keeps.
    pub open_max: usize,
    /// Characters of one fill-in part.
    pub text_max: usize,
    /// Parts of one fill-in response.
    pub text_parts: usize,
    /// `result` of a wrong answer.
    pub wrong: &'static str,
    /// Characters of `suspend_data`.
    pub suspend_max: usize,
    /// Correct-response patterns per interaction (1.2: keep one).
    #[serde(skip)]
    pub max_patterns: usize,
    /// Parts of a choice/matching/sequencing pattern.
    pub max_ids: usize,
    /// Weighting range (1.2: −100..100).
    pub max_weighting: Option<f64>,
    /// Values that mean the attempt is over.
    pub done_status: &'static [&'static str],
    pub exit_suspend: &'static str,
    pub exit_normal: &'static str,
    /// Session time format: `hms` (`HHHH:MM:SS.SS`) or `iso` (`PT1M2.5S`).
    pub timespan: &'static str,
    /// Interaction time format: `clock` (`HH:MM:SS`) or `iso` (`2026-01-31T10:00:00.0Z`).
    pub clock: &'static str,
    /// The LMS's mastery value in these units per share (1.2: 0–100).
    pub mastery_scale: f64,
    /// Reading an unset element answers this error (2004: 403).
    pub not_initialized: Option<&'static str>,
}

pub static SCORM12: Profile = Profile {
    version: "1.2",
    format: "scorm12",
    title: "SCORM 1.2",
    api: ApiNames {
        object: "API",
        initialize: "LMSInitialize",
        terminate: "LMSFinish",
        get: "LMSGetValue",
        set: "LMSSetValue",
        commit: "LMSCommit",
        last_error: "LMSGetLastError",
        error_string: "LMSGetErrorString",
        diagnostic: "LMSGetDiagnostic",
    },
    cmi: Elements {
        entry: "cmi.core.entry",
        mode: "cmi.core.lesson_mode",
        exit: "cmi.core.exit",
        location: "cmi.core.lesson_location",
        suspend_data: "cmi.suspend_data",
        session_time: "cmi.core.session_time",
        mastery: "cmi.student_data.mastery_score",
        raw: "cmi.core.score.raw",
        min: "cmi.core.score.min",
        max: "cmi.core.score.max",
        scaled: None,
        completion: "cmi.core.lesson_status",
        success: None,
        interactions: "cmi.interactions",
        response: "student_response",
        time: "time",
        description: None,
    },
    list: ",",
    pair: ".",
    range: None,
    true_value: "t",
    false_value: "f",
    open_type: "fill-in",
    open_max: 255,
    text_max: 255,
    text_parts: 36,
    wrong: "wrong",
    suspend_max: 4096,
    max_patterns: 1,
    max_ids: 36,
    max_weighting: Some(100.0),
    done_status: &["passed", "failed", "completed"],
    exit_suspend: "suspend",
    exit_normal: "",
    timespan: "hms",
    clock: "clock",
    mastery_scale: 100.0,
    not_initialized: None,
};

pub static SCORM2004: Profile = Profile {
    version: "2004",
    format: "scorm2004",
    title: "SCORM 2004 4th Edition",
    api: ApiNames {
        object: "API_1484_11",
        initialize: "Initialize",
        terminate: "Terminate",
        get: "GetValue",
        set: "SetValue",
        commit: "Commit",
        last_error: "GetLastError",
        error_string: "GetErrorString",
        diagnostic: "GetDiagnostic",
    },
    cmi: Elements {
        entry: "cmi.entry",
        mode: "cmi.mode",
        exit: "cmi.exit",
        location: "cmi.location",
        suspend_data: "cmi.suspend_data",
        session_time: "cmi.session_time",
        mastery: "cmi.scaled_passing_score",
        raw: "cmi.score.raw",
        min: "cmi.score.min",
        max: "cmi.score.max",
        scaled: Some("cmi.score.scaled"),
        completion: "cmi.completion_status",
        success: Some("cmi.success_status"),
        interactions: "cmi.interactions",
        response: "learner_response",
        time: "timestamp",
        description: Some("description"),
    },
    list: "[,]",
    pair: "[.]",
    range: Some("[:]"),
    true_value: "true",
    false_value: "false",
    open_type: "long-fill-in",
    open_max: 4000,
    text_max: 250,
    text_parts: 10,
    wrong: "incorrect",
    suspend_max: 64000,
    max_patterns: 10,
    max_ids: 36,
    max_weighting: None,
    done_status: &["completed"],
    exit_suspend: "suspend",
    exit_normal: "normal",
    timespan: "iso",
    clock: "iso",
    mastery_scale: 1.0,
    not_initialized: Some("403"),
};
