//! The RunJobFlow request in the API's own key names (what pdmctl supports of it), read from
//! the rendered `templates/cluster.yaml`, turned into the SDK's request and sent; and ending a
//! cluster a submit could not finish.

use super::super::steps::{self, Step};
use crate::aws::{describe, Aws};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RunJobFlow {
    pub name: String,
    pub release_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_uri: Option<String>,
    pub service_role: String,
    pub job_flow_role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_configuration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_to_all_users: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_concurrency_level: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs_root_volume_size: Option<i32>,
    #[serde(default)]
    pub applications: Vec<Application>,
    pub instances: Instances,
    #[serde(default)]
    pub configurations: Vec<Configuration>,
    #[serde(default)]
    pub bootstrap_actions: Vec<BootstrapAction>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// The pipeline's steps; never from the template.
    #[serde(skip_deserializing, serialize_with = "api_steps")]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Application {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Instances {
    pub keep_job_flow_alive_when_no_steps: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_protected: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_subnet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emr_managed_master_security_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emr_managed_slave_security_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_access_security_group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_master_security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_slave_security_groups: Vec<String>,
    pub instance_groups: Vec<InstanceGroup>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum InstanceRole {
    Master,
    Core,
    Task,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Market {
    OnDemand,
    Spot,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub instance_role: InstanceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<Market>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bid_price: Option<String>,
    pub instance_type: String,
    pub instance_count: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs_configuration: Option<EbsConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs_optimized: Option<bool>,
    #[serde(default)]
    pub ebs_block_device_configs: Vec<EbsBlockDeviceConfig>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsBlockDeviceConfig {
    pub volume_specification: VolumeSpecification,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_per_instance: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct VolumeSpecification {
    pub volume_type: String,
    #[serde(rename = "SizeInGB")]
    pub size_in_gb: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<i32>,
}

/// An EMR configuration classification (hive-site, tez-site, ...), possibly nested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Configuration {
    pub classification: String,
    #[serde(default, deserialize_with = "scalar_map", skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub configurations: Vec<Configuration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BootstrapAction {
    pub name: String,
    pub script_bootstrap_action: ScriptBootstrapAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScriptBootstrapAction {
    pub path: String,
    #[serde(default)]
    pub args: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// EMR properties are strings; YAML's `true` or `8` are taken as written, so a template need
/// not quote every value.
fn scalar_map<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    struct Scalar(String);
    impl<'de> Deserialize<'de> for Scalar {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Scalar;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a string, number or boolean")
                }
                fn visit_str<E>(self, v: &str) -> std::result::Result<Scalar, E> {
                    Ok(Scalar(v.to_string()))
                }
                fn visit_bool<E>(self, v: bool) -> std::result::Result<Scalar, E> {
                    Ok(Scalar(v.to_string()))
                }
                fn visit_i64<E>(self, v: i64) -> std::result::Result<Scalar, E> {
                    Ok(Scalar(v.to_string()))
                }
                fn visit_u64<E>(self, v: u64) -> std::result::Result<Scalar, E> {
                    Ok(Scalar(v.to_string()))
                }
                fn visit_f64<E>(self, v: f64) -> std::result::Result<Scalar, E> {
                    Ok(Scalar(v.to_string()))
                }
            }
            d.deserialize_any(V)
        }
    }
    let map: BTreeMap<String, Scalar> = BTreeMap::deserialize(d)?;
    Ok(map.into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// Steps as RunJobFlow's `Steps` (the dry run prints the request as it would be sent).
fn api_steps<S: serde::Serializer>(steps: &[Step], s: S) -> std::result::Result<S::Ok, S::Error> {
    let v: Vec<serde_json::Value> = steps
        .iter()
        .map(|st| {
            serde_json::json!({
                "Name": st.name,
                "ActionOnFailure": st.action_on_failure,
                "HadoopJarStep": {"Jar": st.jar, "Args": st.args},
            })
        })
        .collect();
    v.serialize(s)
}

impl RunJobFlow {
    /// The request as JSON in RunJobFlow's names.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("plain JSON")
    }

    /// The request as pretty JSON in the template's key order (for people to read).
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain JSON")
    }

    /// Instance groups as `role type xcount`, for one-line summaries.
    pub fn instances_summary(&self) -> String {
        self.instances
            .instance_groups
            .iter()
            .map(|g| {
                let role = serde_json::to_value(g.instance_role).expect("plain JSON");
                format!(
                    "{} {} x{}",
                    role.as_str().unwrap_or_default(),
                    g.instance_type,
                    g.instance_count
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The SDK's request.
    fn send(&self, aws: &Aws) -> Result<aws_sdk_emr::operation::run_job_flow::RunJobFlowOutput> {
        use aws_sdk_emr::types as t;
        let mut groups = Vec::new();
        for g in &self.instances.instance_groups {
            let ebs = match &g.ebs_configuration {
                None => None,
                Some(c) => {
                    let mut devices = Vec::new();
                    for d in &c.ebs_block_device_configs {
                        let v = &d.volume_specification;
                        let spec = t::VolumeSpecification::builder()
                            .volume_type(&v.volume_type)
                            .size_in_gb(v.size_in_gb)
                            .set_iops(v.iops)
                            .set_throughput(v.throughput)
                            .build();
                        devices.push(
                            t::EbsBlockDeviceConfig::builder()
                                .volume_specification(spec)
                                .set_volumes_per_instance(d.volumes_per_instance)
                                .build(),
                        );
                    }
                    Some(
                        t::EbsConfiguration::builder()
                            .set_ebs_optimized(c.ebs_optimized)
                            .set_ebs_block_device_configs(Some(devices))
                            .build(),
                    )
                }
            };
            let role = match g.instance_role {
                InstanceRole::Master => t::InstanceRoleType::Master,
                InstanceRole::Core => t::InstanceRoleType::Core,
                InstanceRole::Task => t::InstanceRoleType::Task,
            };
            let market = g.market.map(|m| match m {
                Market::OnDemand => t::MarketType::OnDemand,
                Market::Spot => t::MarketType::Spot,
            });
            groups.push(
                t::InstanceGroupConfig::builder()
                    .set_name(g.name.clone())
                    .instance_role(role)
                    .set_market(market)
                    .set_bid_price(g.bid_price.clone())
                    .instance_type(&g.instance_type)
                    .instance_count(g.instance_count)
                    .set_ebs_configuration(ebs)
                    .build(),
            );
        }
        let i = &self.instances;
        let instances = t::JobFlowInstancesConfig::builder()
            .keep_job_flow_alive_when_no_steps(i.keep_job_flow_alive_when_no_steps)
            .set_termination_protected(i.termination_protected)
            .set_ec2_subnet_id(i.ec2_subnet_id.clone())
            .set_ec2_key_name(i.ec2_key_name.clone())
            .set_emr_managed_master_security_group(i.emr_managed_master_security_group.clone())
            .set_emr_managed_slave_security_group(i.emr_managed_slave_security_group.clone())
            .set_service_access_security_group(i.service_access_security_group.clone())
            .set_additional_master_security_groups(non_empty(&i.additional_master_security_groups))
            .set_additional_slave_security_groups(non_empty(&i.additional_slave_security_groups))
            .set_instance_groups(Some(groups))
            .build();
        let mut bootstrap = Vec::new();
        for b in &self.bootstrap_actions {
            let script = t::ScriptBootstrapActionConfig::builder()
                .path(&b.script_bootstrap_action.path)
                .set_args(Some(b.script_bootstrap_action.args.clone()))
                .build();
            bootstrap.push(
                t::BootstrapActionConfig::builder()
                    .name(&b.name)
                    .script_bootstrap_action(script)
                    .build(),
            );
        }
        let steps: Vec<t::StepConfig> = self.steps.iter().map(steps::step_config).collect();
        let req = aws
            .emr
            .run_job_flow()
            .name(&self.name)
            .release_label(&self.release_label)
            .set_log_uri(self.log_uri.clone())
            .service_role(&self.service_role)
            .job_flow_role(&self.job_flow_role)
            .set_security_configuration(self.security_configuration.clone())
            .set_visible_to_all_users(self.visible_to_all_users)
            .set_step_concurrency_level(self.step_concurrency_level)
            .set_ebs_root_volume_size(self.ebs_root_volume_size)
            .set_applications(Some(
                self.applications
                    .iter()
                    .map(|a| {
                        t::Application::builder()
                            .name(&a.name)
                            .set_args(non_empty(&a.args))
                            .build()
                    })
                    .collect(),
            ))
            .instances(instances)
            .set_configurations(Some(self.configurations.iter().map(sdk_configuration).collect()))
            .set_bootstrap_actions(Some(bootstrap))
            .set_tags(Some(
                self.tags
                    .iter()
                    .map(|tag| t::Tag::builder().key(&tag.key).value(&tag.value).build())
                    .collect(),
            ))
            .set_steps(Some(steps));
        aws.block_on(req.send())
            .map_err(|e| Error::aws(format!("EMR RunJobFlow {}", self.name), describe(&e)))
    }
}

fn non_empty(v: &[String]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| v.to_vec())
}

fn sdk_configuration(c: &Configuration) -> aws_sdk_emr::types::Configuration {
    aws_sdk_emr::types::Configuration::builder()
        .classification(&c.classification)
        .set_properties((!c.properties.is_empty()).then(|| c.properties.clone().into_iter().collect()))
        .set_configurations(
            (!c.configurations.is_empty()).then(|| c.configurations.iter().map(sdk_configuration).collect()),
        )
        .build()
}

/// Creates the cluster with its steps; returns its id.
pub fn run_job_flow(aws: &Aws, request: &RunJobFlow) -> Result<String> {
    let resp = request.send(aws)?;
    resp.job_flow_id().map(str::to_string).ok_or_else(|| {
        Error::aws(
            format!("EMR RunJobFlow {}", request.name),
            "no cluster id in the response",
        )
    })
}

/// Ends a cluster this submit created when the submit cannot finish (nothing half-done).
pub fn terminate(aws: &Aws, cluster_id: &str) -> Result<()> {
    aws.block_on(aws.emr.terminate_job_flows().job_flow_ids(cluster_id).send())
        .map_err(|e| Error::aws(format!("EMR TerminateJobFlows {cluster_id}"), describe(&e)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_take_unquoted_scalars_and_unknown_keys_are_refused() {
        let yaml = "Classification: hive-site\nProperties:\n  a: true\n  b: 8\n  c: x\n";
        let c: Configuration = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(c.properties["a"], "true");
        assert_eq!(c.properties["b"], "8");
        assert_eq!(c.properties["c"], "x");
        let err = serde_saphyr::from_str::<Configuration>("Classification: x\nProps: {}\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `Props`"), "{err}");
    }
}
