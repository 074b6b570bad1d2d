//! moto's server on 127.0.0.1 for the AWS tests: one server per test (a fresh S3, EMR and
//! DynamoDB each time), SDK clients pointed at it, and pdmctl run against it. A server that
//! cannot start fails the test with what to do; nothing is skipped.

pub use super::{ok, out};
use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const REGION: &str = "eu-west-2";
pub const TABLE: &str = "data_pipeline_metadata";

pub struct Moto {
    child: Child,
    pub endpoint: String,
    pub aws: pdmctl::aws::Aws,
}

fn server_path() -> PathBuf {
    match std::env::var_os("PDMCTL_MOTO_SERVER") {
        Some(p) => PathBuf::from(p),
        None => super::repo().join(".venv/bin/moto_server"),
    }
}

impl Moto {
    pub fn start() -> Moto {
        let server = server_path();
        assert!(
            server.is_file(),
            "moto_server not found at {}: run ./scripts/test (it installs moto into .venv), or \
             `pip install 'moto[server]'` and set PDMCTL_MOTO_SERVER to its moto_server",
            server.display()
        );
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; run ./scripts/test", server.display()));
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            aws: client(&format!("http://127.0.0.1:{port}")),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto_server exited ({status}) before listening on 127.0.0.1:{port}; run ./scripts/test");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen on 127.0.0.1:{port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// pdmctl with the AWS environment pointing at this server and nothing from the user's.
    pub fn pdmctl_command(&self, args: &[&str]) -> Command {
        let mut cmd = super::pdmctl_command(super::repo(), args);
        cmd.env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", REGION)
            .env("AWS_CONFIG_FILE", "/nonexistent/pdmctl-test")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/pdmctl-test")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        cmd
    }

    pub fn pdmctl(&self, args: &[&str]) -> Output {
        self.pdmctl_command(args).output().expect("pdmctl runs")
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.aws.block_on(f)
    }

    /// The config and published buckets of an environment, the run-record table and a
    /// running cluster.
    pub fn setup(&self, bucket: &str) -> String {
        self.create_bucket(bucket);
        self.create_bucket(&bucket.replace("-config-", "-published-"));
        self.create_table();
        self.create_cluster()
    }

    pub fn create_bucket(&self, bucket: &str) {
        use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
        self.block_on(
            self.aws
                .s3
                .create_bucket()
                .bucket(bucket)
                .create_bucket_configuration(
                    CreateBucketConfiguration::builder()
                        .location_constraint(BucketLocationConstraint::from(REGION))
                        .build(),
                )
                .send(),
        )
        .expect("create bucket");
    }

    pub fn create_table(&self) {
        let key = |name: &str, kind| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .unwrap()
        };
        let attr = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap()
        };
        self.block_on(
            self.aws
                .dynamodb
                .create_table()
                .table_name(TABLE)
                .key_schema(key("Correlation_Id", KeyType::Hash))
                .key_schema(key("DataProduct", KeyType::Range))
                .attribute_definitions(attr("Correlation_Id"))
                .attribute_definitions(attr("DataProduct"))
                .billing_mode(BillingMode::PayPerRequest)
                .send(),
        )
        .expect("create table");
    }

    pub fn create_cluster(&self) -> String {
        use aws_sdk_emr::types::JobFlowInstancesConfig;
        let resp = self
            .block_on(
                self.aws
                    .emr
                    .run_job_flow()
                    .name("pdm-test")
                    .release_label("emr-6.15.0")
                    .job_flow_role("EMR_EC2_DefaultRole")
                    .service_role("EMR_DefaultRole")
                    .instances(
                        JobFlowInstancesConfig::builder()
                            .master_instance_type("m5.xlarge")
                            .slave_instance_type("m5.xlarge")
                            .instance_count(1)
                            .keep_job_flow_alive_when_no_steps(true)
                            .build(),
                    )
                    .send(),
            )
            .expect("run job flow");
        resp.job_flow_id().expect("cluster id").to_string()
    }

    pub fn put(&self, bucket: &str, key: &str, body: &str) {
        self.block_on(
            self.aws
                .s3
                .put_object()
                .bucket(bucket)
                .key(key)
                .body(body.as_bytes().to_vec().into())
                .send(),
        )
        .expect("put object");
    }

    /// Every key of the bucket.
    pub fn keys(&self, bucket: &str) -> Vec<String> {
        pdmctl::aws::s3::list_keys(&self.aws, bucket, "")
            .unwrap()
            .into_iter()
            .collect()
    }

    pub fn object(&self, bucket: &str, key: &str) -> Vec<u8> {
        let resp = self
            .block_on(self.aws.s3.get_object().bucket(bucket).key(key).send())
            .expect("get object");
        self.block_on(resp.body.collect()).unwrap().into_bytes().to_vec()
    }

    /// The cluster's steps, oldest first.
    pub fn steps(&self, cluster: &str) -> Vec<pdmctl::backend::emr::steps::StepStatus> {
        pdmctl::backend::emr::steps::list_steps(&self.aws, cluster).unwrap()
    }

    /// ActionOnFailure of each step, oldest first (ListSteps carries it, StepStatus does not).
    pub fn actions_on_failure(&self, cluster: &str) -> Vec<String> {
        let resp = self
            .block_on(self.aws.emr.list_steps().cluster_id(cluster).send())
            .unwrap();
        let mut out: Vec<String> = resp
            .steps()
            .iter()
            .map(|s| {
                s.action_on_failure()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default()
            })
            .collect();
        out.reverse();
        out
    }

    /// Every item of the run-record table, raw.
    pub fn items(&self) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
        let resp = self
            .block_on(self.aws.dynamodb.scan().table_name(TABLE).send())
            .expect("scan");
        resp.items().to_vec()
    }

    /// Sets attributes of a record as another writer (the stage runner, the old Lambda) would.
    pub fn update(&self, correlation_id: &str, values: &[(&str, aws_sdk_dynamodb::types::AttributeValue)]) {
        let mut req = self
            .aws
            .dynamodb
            .update_item()
            .table_name(TABLE)
            .key("Correlation_Id", AttributeValue::S(correlation_id.into()))
            .key("DataProduct", AttributeValue::S("PDM".into()));
        let mut sets = Vec::new();
        for (i, (name, value)) in values.iter().enumerate() {
            sets.push(format!("#a{i} = :v{i}"));
            req = req
                .expression_attribute_names(format!("#a{i}"), *name)
                .expression_attribute_values(format!(":v{i}"), value.clone());
        }
        self.block_on(req.update_expression(format!("SET {}", sets.join(", "))).send())
            .expect("update item");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(endpoint: &str) -> pdmctl::aws::Aws {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let config = rt.block_on(
        aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .endpoint_url(endpoint)
            .credentials_provider(aws_sdk_s3::config::Credentials::new("test", "test", None, None, "test"))
            .http_client(pdmctl::aws::http_client())
            .load(),
    );
    pdmctl::aws::Aws::from_sdk_config(&config).unwrap()
}

// ----- helpers shared by the AWS tests -----

pub const DEV_BUCKET: &str = "dataworks-config-development";
pub const PROD_BUCKET: &str = "dataworks-config-production";

/// Steps and failure actions of an environment's plan.
pub fn plan(m: &Moto, env: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&ok(m.pdmctl(&["plan", env, "--format", "json"]))).unwrap();
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["failure_action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The "AWS calls: N (Service.Op n, ...)" line of a command's output, by operation.
pub fn calls(stdout: &str) -> BTreeMap<String, u32> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("AWS calls: "))
        .unwrap_or_else(|| panic!("no AWS calls line in:\n{stdout}"));
    let inner = line.split_once('(').map(|(_, r)| r.trim_end_matches(')')).unwrap_or("");
    inner
        .split(", ")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (op, n) = p.rsplit_once(' ').unwrap();
            (op.to_string(), n.parse().unwrap())
        })
        .collect()
}

pub fn service_total(c: &BTreeMap<String, u32>, service: &str) -> u32 {
    c.iter().filter(|(op, _)| op.starts_with(service)).map(|(_, n)| n).sum()
}

pub fn item(m: &Moto, id: &str) -> std::collections::HashMap<String, AttributeValue> {
    m.items()
        .into_iter()
        .find(|i| i.get("Correlation_Id") == Some(&AttributeValue::S(id.into())))
        .unwrap_or_else(|| panic!("no record for {id}"))
}

pub fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

pub fn flag<'a>(args: &'a [String], name: &str) -> &'a str {
    let i = args
        .iter()
        .position(|a| a == name)
        .unwrap_or_else(|| panic!("{name} in {args:?}"));
    &args[i + 1]
}
