//! The CLI's one error type: a single line for the person at the terminal.
use std::fmt;

#[derive(Debug)]
pub struct CliError {
    message: String,
    code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: 1 }
    }

    /// A mistake in how the command was called or configured.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: 2 }
    }

    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever the source said.
        f.write_str(&self.message.replace('\n', " "))
    }
}

impl From<asbcase_store::StoreError> for CliError {
    fn from(e: asbcase_store::StoreError) -> CliError {
        CliError::new(e.to_string())
    }
}

impl From<asbcase_config::ConfigError> for CliError {
    fn from(e: asbcase_config::ConfigError) -> CliError {
        CliError::usage(e.to_string())
    }
}
