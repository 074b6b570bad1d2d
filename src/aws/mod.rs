//! The AWS clients (S3, EMR, DynamoDB) behind a blocking facade: the rest of pdmctl is
//! synchronous, so each call runs on a small Tokio runtime owned here.
//!
//! Configuration is aws-config's standard chain (credentials, `AWS_PROFILE`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`); the environment's region in pipelines.yaml is the fallback. Every
//! request is counted by service and operation, so a command can say how many calls it made.
//!
//! Owns every AWS client and every S3 call ([`s3`]); no other module calls the S3 client.
//! May use: `error` only.

pub mod s3;

use crate::error::{Error, Result};
use aws_config::meta::region::RegionProviderChain;
use aws_config::{BehaviorVersion, Region};
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Requests sent, by `Service.Operation` (retries count: each is a request).
#[derive(Debug, Clone, Default)]
pub struct CallCount(Arc<Mutex<BTreeMap<String, u32>>>);

impl CallCount {
    pub fn snapshot(&self) -> BTreeMap<String, u32> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }

    pub fn total(&self) -> u32 {
        self.snapshot().values().sum()
    }
}

impl fmt::Display for CallCount {
    /// `3 (DynamoDB.GetItem 1, DynamoDB.PutItem 2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let calls = self.snapshot();
        let parts: Vec<String> = calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
        if parts.is_empty() {
            f.write_str("0")
        } else {
            write!(f, "{} ({})", calls.values().sum::<u32>(), parts.join(", "))
        }
    }
}

#[derive(Debug)]
struct Counter(CallCount);

impl Intercept for Counter {
    fn name(&self) -> &'static str {
        "pdmctl::aws::Counter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> std::result::Result<(), BoxError> {
        let op = cfg
            .load::<Metadata>()
            .map(|m| format!("{}.{}", m.service(), m.name()))
            .unwrap_or_else(|| "unknown".into());
        if let Ok(mut calls) = self.0 .0.lock() {
            *calls.entry(op).or_default() += 1;
        }
        Ok(())
    }
}

/// The three clients and the runtime that drives them.
pub struct Aws {
    runtime: tokio::runtime::Runtime,
    pub s3: aws_sdk_s3::Client,
    pub emr: aws_sdk_emr::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub calls: CallCount,
}

impl Aws {
    /// Loads the AWS configuration; `default_region` applies when none is configured.
    pub fn connect(default_region: &str) -> Result<Aws> {
        let runtime = runtime()?;
        let region = RegionProviderChain::default_provider().or_else(Region::new(default_region.to_string()));
        let config = runtime.block_on(
            aws_config::defaults(BehaviorVersion::latest())
                .region(region)
                .http_client(http_client())
                .load(),
        );
        Ok(Aws::from_config(runtime, &config))
    }

    /// Clients for a configuration made elsewhere (tests point one at a local endpoint).
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> Result<Aws> {
        Ok(Aws::from_config(runtime()?, config))
    }

    fn from_config(runtime: tokio::runtime::Runtime, config: &aws_config::SdkConfig) -> Aws {
        let calls = CallCount::default();
        // A custom endpoint (moto, LocalStack, MinIO) rarely resolves bucket subdomains.
        let s3 = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(config.endpoint_url().is_some())
            .interceptor(Counter(calls.clone()))
            .build();
        let emr = aws_sdk_emr::config::Builder::from(config)
            .interceptor(Counter(calls.clone()))
            .build();
        let dynamodb = aws_sdk_dynamodb::config::Builder::from(config)
            .interceptor(Counter(calls.clone()))
            .build();
        Aws {
            runtime,
            s3: aws_sdk_s3::Client::from_conf(s3),
            emr: aws_sdk_emr::Client::from_conf(emr),
            dynamodb: aws_sdk_dynamodb::Client::from_conf(dynamodb),
            calls,
        }
    }

    /// Runs one SDK future to completion.
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::aws("tokio runtime", e))
}

/// The HTTP client: rustls on ring (the SDK's default client would build aws-lc, C code that
/// is slow to compile).
pub fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// One line for an SDK error: the service's code and message when it sent one.
pub fn describe<E, R>(err: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    match err {
        SdkError::ServiceError(e) => {
            let e = e.err();
            match (e.code(), e.message()) {
                (Some(code), Some(msg)) => format!("{code}: {msg}"),
                (Some(code), None) => code.to_string(),
                _ => e.to_string(),
            }
        }
        other => {
            // The useful part (DNS, connection refused, no credentials) is in the source chain.
            let mut text = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            text
        }
    }
}
