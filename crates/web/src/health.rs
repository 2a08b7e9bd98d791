//! `/health`: whether the service and its database answer, for load balancers and monitoring.
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;

pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let backend = state.store().backend();
    match state.store().ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(
                json!({"status": "ok", "database": {"status": "ok", "backend": backend}, "version": env!("CARGO_PKG_VERSION")}),
            ),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    json!({"status": "unavailable", "database": {"status": "unavailable", "backend": backend}, "version": env!("CARGO_PKG_VERSION")}),
                ),
            )
        }
    }
}
