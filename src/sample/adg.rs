//! The ADG collections, in their nested JSON shape.

use super::calendar::*;
use super::output::Part;
use super::rng::*;
use super::tables::*;
use super::world::*;
use crate::error::Result;
use serde_json::{json, Value};

pub(super) fn claimants(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.claimants.iter().enumerate() {
        let mut r = w.rng("claimant-doc", i);
        let created = c.registered;
        let latest = modified_after(&mut r, created, w.end_ms());
        let verified = created + r.range(3_600_000, 5 * DAY_MS);
        let nino_digits = r.below(1_000_000);
        let nino = match r.below(100) {
            0..=79 => json!(format!(
                "{}{nino_digits:06}{}",
                r.pick(&["QQ", "AB", "JT", "NP", "SK"]),
                r.pick(&["A", "B", "C", "D"])
            )),
            80..=86 => json!(null),
            87..=93 => json!(format!(
                "qq {:02} {:02} {:02} c",
                nino_digits / 10_000,
                nino_digits / 100 % 100,
                nino_digits % 100
            )),
            _ => json!(format!("XX{nino_digits:06}")),
        };
        let title = match c.gender {
            "M" => "MR",
            "F" => r.pick(&["MS", "MRS", "MISS"]),
            _ => "MX",
        };
        let marital = match r.below(100) {
            0..=4 => json!(null),
            5..=9 => json!(format!(" {}", r.pick(MARITAL).to_lowercase())),
            10..=11 => json!("COHABITING"),
            _ => json!(if c.partner.is_some() {
                "MARRIED"
            } else {
                r.pick(MARITAL)
            }),
        };
        let email = format!("{}.{}{}@example.com", c.first, c.last.replace('\'', ""), i % 97).to_lowercase();
        let mobile = format!("07700 9{:05}", r.below(100_000));
        let mut contact = json!({
            "emailAddress": if r.pct(5) { format!(" {} ", email.to_uppercase()) } else { email.clone() },
            "mobileNumber": if r.pct(50) { mobile.clone() } else { mobile.replace(' ', "") },
            "preferredContactMethod": r.pick(&["JOURNAL", "JOURNAL", "JOURNAL", "EMAIL", "SMS", "PHONE", "journal"]),
        });
        if r.pct(5) {
            contact = json!(null);
        }
        let identity = match r.below(100) {
            0..=3 => json!(null),
            4..=11 => json!({"status": "PENDING", "method": null, "verifiedDateTime": null}),
            12..=14 => json!({"status": "FAILED", "method": "GOV_UK_VERIFY", "verifiedDateTime": null}),
            _ => {
                json!({"status": r.pick(&["VERIFIED", "VERIFIED", "verified"]), "method": r.pick(&["GOV_UK_VERIFY", "FACE_TO_FACE", "TELEPHONE"]), "verifiedDateTime": ts(verified)})
            }
        };
        let account = |r: &mut Rng, current: bool, from: i64| {
            json!({"accountType": r.pick(&["BANK", "BANK", "BANK", "BUILDING_SOCIETY", "CREDIT_UNION"]),
                   "sortCode": format!("{:06}", r.below(1_000_000)), "accountNumberLastFour": format!("{:04}", r.below(10_000)),
                   "effectiveFromDate": date(from.div_euclid(DAY_MS)), "isCurrent": current})
        };
        let payment_details = match r.below(100) {
            0..=4 => Some(json!([])),
            5..=9 => None,
            10..=19 => Some(json!([
                account(&mut r, false, created - 400 * DAY_MS),
                account(&mut r, true, created)
            ])),
            _ => Some(json!([account(&mut r, true, created)])),
        };
        let mut doc = json!({
            "_id": {"claimantId": c.id},
            "_lastModifiedDateTime": ts(latest),
            "nino": nino,
            "personId": c.person_id,
            "personDetails": {"title": if r.pct(5) { title.to_lowercase() } else { title.to_string() },
                              "firstName": if r.pct(3) { format!("{} ", c.first) } else { c.first.to_string() },
                              "lastName": c.last, "dateOfBirth": date(c.dob),
                              "gender": if r.pct(4) { c.gender.to_lowercase() } else { c.gender.to_string() },
                              "maritalStatus": marital},
            "contactDetails": contact,
            "addressId": c.address_id,
            "identityVerification": identity,
            "registrationDateTime": ts(created),
            "createdDateTime": ts(created),
            "isDeleted": r.pct(2),
        });
        if let Some(p) = payment_details {
            doc["paymentDetails"] = p;
        }
        if r.pct(3) {
            drop_key(&mut doc, "isDeleted");
        }
        if r.pct(2) {
            drop_key(&mut doc, "nino");
        }
        let n = r.older_versions();
        // Earlier: identity not yet verified, and an older email address.
        out.push_versions(&doc, n, created, latest, |old, j| {
        old["identityVerification"] = json!({"status": "PENDING", "method": null, "verifiedDateTime": null});
        old["contactDetails"] = json!({"emailAddress": format!("old.{j}.{email}"), "mobileNumber": mobile, "preferredContactMethod": "EMAIL"});
        })?;
    }
    Ok(())
}

pub(super) fn contract_status(c: &Contract) -> &'static str {
    if c.closed.is_some() {
        "CLOSED"
    } else if c.suspended {
        "SUSPENDED"
    } else {
        "OPEN"
    }
}

pub(super) fn contracts(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("contract-doc", i);
        let created = c.declared - r.range(60_000, 3_600_000);
        let end = c.closed.map(|(d, _)| at_work(&mut r, d)).unwrap_or(w.end_ms());
        let latest = modified_after(&mut r, c.declared, end.min(w.end_ms()));
        let joined = date(c.start);
        let claimants: Vec<Value> = c
            .members
            .iter()
            .enumerate()
            .map(|(k, &m)| {
                let role = if k == 0 {
                    "LEAD"
                } else if r.pct(5) {
                    "partner"
                } else {
                    "PARTNER"
                };
                json!({"claimantId": w.claimants[m].id, "role": role, "joinedDate": joined,
                       "leftDate": c.closed.map(|(d, _)| date(d))})
            })
            .collect();
        let status = contract_status(c);
        // Dirt: a status that went stale beside the closed date, codes in odd case.
        let status = if status == "CLOSED" && r.pct(20) {
            "OPEN".to_string()
        } else {
            odd_case(&mut r, status, 5)
        };
        let claim_type = if c.members.len() > 1 { "COUPLE" } else { "SINGLE" };
        let mut doc = json!({
            "_id": {"contractId": c.id},
            "_lastModifiedDateTime": ts(latest),
            "claimType": if r.pct(5) { json!(null) } else { json!(odd_case(&mut r, claim_type, 5)) },
            "status": status,
            "claimants": claimants,
            "declarationDateTime": ts(c.declared),
            "startDate": joined,
            "closedDate": c.closed.map(|(d, _)| date(d)),
            "closureReasonCode": c.closed.map(|(_, reason)| odd_case(&mut r, reason, 10)),
            "assessmentPeriodDay": day_of_month(c.start),
            "homeSiteId": odd_case(&mut r, &w.sites[c.site].id, 3),
            "circumstances": {"housingCostsClaimed": c.housing, "childcareCostsClaimed": c.childcare,
                              "numberOfChildren": c.children, "hasLimitedCapabilityForWork": c.lcw, "isCarer": c.carer},
            "createdDateTime": ts(created),
        });
        if r.pct(3) {
            drop_key(&mut doc, "circumstances");
        }
        let n = r.older_versions();
        // Earlier: a different status (suspended, or still open), no closure yet.
        out.push_versions(&doc, n, c.declared, latest, |old, _| {
            old["status"] = json!(if contract_status(c) == "OPEN" {
                "SUSPENDED"
            } else {
                "OPEN"
            });
            old["closedDate"] = Value::Null;
            old["closureReasonCode"] = Value::Null;
        })?;
    }
    Ok(())
}

pub(super) fn persons(w: &World, out: &mut Part) -> Result<()> {
    let mut last_contract = vec![0; w.claimants.len()];
    for (k, c) in w.contracts.iter().enumerate() {
        for &m in &c.members {
            last_contract[m] = k;
        }
    }
    let disability = |r: &mut Rng, lcw: bool, from: i64| -> Option<Value> {
        match r.below(100) {
            _ if lcw => Some(json!({"hasDisability": true, "level": "HIGHER", "awardedDateTime": ts(from)})),
            0..=9 => Some(
                json!({"hasDisability": true, "level": r.pick(&["LOWER", "lower", "HIGHER"]), "awardedDateTime": ts(from)}),
            ),
            10..=14 => None,
            15..=29 => Some(json!({"hasDisability": false, "level": null, "awardedDateTime": null})),
            _ => Some(Value::Null),
        }
    };
    let push = |out: &mut Part, r: &mut Rng, mut doc: Value, created: i64| -> Result<()> {
        let latest = modified_after(r, created, w.end_ms());
        doc["_lastModifiedDateTime"] = json!(ts(latest));
        let n = r.older_versions();
        // Earlier: gender and disability not recorded, no relationships yet.
        out.push_versions(&doc, n, created, latest, |old, _| {
            old["gender"] = Value::Null;
            old["disability"] = Value::Null;
            old["relationships"] = json!([]);
        })
    };
    for (i, c) in w.claimants.iter().enumerate() {
        let mut r = w.rng("person", i);
        let contract = &w.contracts[last_contract[i]];
        let is_lead = contract.members[0] == i;
        let person_type = odd_case(&mut r, if is_lead { "CLAIMANT" } else { "PARTNER" }, 3);
        let relationships: Vec<Value> = c
            .partner
            .map(|p| json!({"relatedPersonId": w.claimants[p].person_id, "relationshipType": "PARTNER"}))
            .into_iter()
            .collect();
        let mut doc = json!({
            "_id": {"personId": c.person_id},
            "personType": person_type,
            "contractId": contract.id,
            "firstName": c.first, "lastName": c.last,
            "dateOfBirth": date(c.dob),
            "gender": c.gender,
            "relationships": relationships,
            "createdDateTime": ts(c.registered),
        });
        match disability(&mut r, is_lead && contract.lcw, c.registered) {
            Some(d) => doc["disability"] = d,
            None => drop_key(&mut doc, "disability"),
        }
        push(out, &mut r, doc, c.registered)?;
    }
    // Children and the odd non-dependant of every claim, linked to the claim's adults.
    for (k, c) in w.contracts.iter().enumerate() {
        let mut r = w.rng("dependant", k);
        let others = c.children + if r.pct(3) { 1 } else { 0 };
        for d in 0..others {
            let child = d < c.children;
            let lead = &w.claimants[c.members[0]];
            let dob = if child {
                w.as_at - r.range(100, 16 * 365)
            } else {
                w.as_at - r.range(18 * 365, 80 * 365)
            };
            let relationships: Vec<Value> = c
                .members
                .iter()
                .map(|&m| {
                    json!({"relatedPersonId": w.claimants[m].person_id,
                                  "relationshipType": if child { "PARENT" } else { "OTHER" }})
                })
                .collect();
            let mut doc = json!({
                "_id": {"personId": r.uuid()},
                "personType": if child { "CHILD" } else { "NON_DEPENDANT" },
                "contractId": c.id,
                "firstName": r.pick(FIRST_NAMES), "lastName": lead.last,
                "dateOfBirth": date(dob),
                "gender": r.pick(&["M", "F"]),
                "relationships": relationships,
                "createdDateTime": ts(c.declared + 600_000),
            });
            match disability(&mut r, false, c.declared) {
                Some(v) => doc["disability"] = v,
                None => drop_key(&mut doc, "disability"),
            }
            push(out, &mut r, doc, c.declared + 600_000)?;
        }
    }
    Ok(())
}

pub(super) fn addresses(w: &World, out: &mut Part) -> Result<()> {
    for (i, c) in w.claimants.iter().enumerate().filter(|(_, c)| c.owns_address) {
        let mut r = w.rng("address", i);
        let town = &TOWNS[w.sites[c.site].town];
        let outward = format!("{}{}", town.area, r.range(1, 30));
        let inward = format!(
            "{}{}{}",
            r.range(1, 10),
            r.pick(POSTCODE_LETTERS) as char,
            r.pick(POSTCODE_LETTERS) as char
        );
        let postcode = match r.below(10) {
            0 => format!("{outward}{inward}").to_lowercase(),
            1 => format!("{outward} {inward}").to_lowercase(),
            2 => format!(" {outward}{inward} "),
            _ => format!("{outward} {inward}"),
        };
        let street = format!("{} {}", r.range(1, 200), r.pick(STREETS));
        let lines: Vec<String> = match r.below(4) {
            0 => vec![format!("Flat {}", r.range(1, 40)), street],
            1 => vec![
                format!("Flat {}", r.range(1, 12)),
                format!("{} House", r.pick(LAST_NAMES)),
                street,
                "Central".into(),
            ],
            _ => vec![street],
        };
        let tenure = match c.tenure {
            Some((t, l, rent)) => {
                json!({"type": odd_case(&mut r, t, 4), "landlordType": l, "monthlyRentInPence": rent})
            }
            None => Value::Null,
        };
        let created = c.registered + 60_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        let doc = json!({
            "_id": {"addressId": c.address_id},
            "_lastModifiedDateTime": ts(latest),
            "lines": lines,
            "town": if r.pct(5) { town.name.to_uppercase() } else { town.name.to_string() },
            "postcode": postcode,
            "uprn": if r.pct(12) { Value::Null } else { json!(format!("{}", 100_000_000_000 + r.below(900_000_000_000))) },
            "localAuthority": {"code": odd_case(&mut r, town.la_code, 2), "name": town.name},
            "country": odd_case(&mut r, town.country, 3),
            "tenure": tenure,
            "createdDateTime": ts(created),
        });
        let n = r.older_versions();
        // Earlier: tenure not declared, local authority not yet looked up.
        out.push_versions(&doc, n, created, latest, |old, _| {
            old["tenure"] = Value::Null;
            old["localAuthority"] = Value::Null;
        })?;
    }
    Ok(())
}

pub(super) fn statements(w: &World, out: &mut Part) -> Result<()> {
    const DEDUCTIONS: &[&str] = &[
        "ADVANCE_REPAYMENT",
        "ADVANCE_REPAYMENT",
        "OVERPAYMENT_RECOVERY",
        "THIRD_PARTY_RENT_ARREARS",
        "THIRD_PARTY_COUNCIL_TAX",
        "SANCTION",
        "CHILD_MAINTENANCE",
    ];
    for (k, c) in w.contracts.iter().enumerate() {
        let lead = &w.claimants[c.members[0]];
        let couple = c.members.len() > 1;
        let rent = lead.tenure.map(|(_, _, rent)| rent).unwrap_or(0);
        let last_day = c.closed.map(|(d, _)| d).unwrap_or(w.as_at + 1);
        for ap in 0.. {
            let (ap_start, ap_end) = (add_months(c.start, ap), add_months(c.start, ap + 1) - 1);
            if ap_end >= w.as_at || ap_start >= last_day {
                break;
            }
            let mut r = w.rng("statement", k * 64 + ap as usize);
            let young = ap_start - lead.dob < 25 * 365;
            let standard = match (couple, young) {
                (false, true) => 29_211,
                (false, false) => 36_874,
                (true, true) => 45_856,
                (true, false) => 57_887,
            };
            let housing = if c.housing { rent } else { 0 };
            let child = c.children.min(2) * 28_750;
            let childcare = if c.childcare { r.range(100, 800) * 100 } else { 0 };
            let lcw = if c.lcw { 41_681 } else { 0 };
            let carer = if c.carer { 18_553 } else { 0 };
            let earned = if r.pct(40) { r.range(200, 2000) * 100 } else { 0 };
            let unearned = if r.pct(8) { r.range(50, 300) * 100 } else { 0 };
            let work_allowance = match (c.children > 0 || c.lcw, c.housing) {
                (false, _) => 0,
                (true, true) => 37_900,
                (true, false) => 63_100,
            };
            let reduction = (earned - work_allowance).max(0) * 55 / 100;
            let total = (standard + housing + child + childcare + lcw + carer - reduction - unearned).max(0);
            let mut deductions = Vec::new();
            let mut deducted = 0;
            for _ in 0..r.below(3) {
                let kind = match r.below(100) {
                    0 => "COURT_FINE".to_string(),
                    1..=3 => r.pick(DEDUCTIONS).to_lowercase(),
                    _ => r.pick(DEDUCTIONS).to_string(),
                };
                let amount = r.range(10, 90) * 100;
                if deducted + amount <= total / 3 {
                    deducted += amount;
                    deductions.push((kind, amount));
                }
            }
            let take_home = total - deducted;
            let calculated = at_work(&mut r, ap_end + 1) - 7 * 3_600_000;
            let pay_day = ap_end + 7;
            let cancelled = r.pct(3);
            let paid = !cancelled && pay_day <= w.as_at;
            let status = if cancelled {
                "CANCELLED"
            } else if paid {
                "PAID"
            } else {
                "CALCULATED"
            };
            let payment_status = |r: &mut Rng| {
                if !paid {
                    "SCHEDULED"
                } else if r.pct(2) {
                    "FAILED"
                } else {
                    "PAID"
                }
            };
            let mut payments = Vec::new();
            let landlord = if c.managed { housing.min(take_home) } else { 0 };
            if landlord > 0 {
                payments.push(
                    json!({"paymentId": r.uuid(), "payeeType": "LANDLORD", "amountInPence": landlord,
                                     "paymentDate": date(pay_day), "paymentStatus": payment_status(&mut r)}),
                );
            }
            if take_home - landlord > 0 {
                payments.push(
                    json!({"paymentId": r.uuid(), "payeeType": if r.pct(3) { "claimant" } else { "CLAIMANT" },
                                     "amountInPence": take_home - landlord, "paymentDate": date(pay_day),
                                     "paymentStatus": payment_status(&mut r)}),
                );
            }
            for (kind, amount) in &deductions {
                if kind.to_uppercase().starts_with("THIRD_PARTY") {
                    payments.push(
                        json!({"paymentId": r.uuid(), "payeeType": "THIRD_PARTY", "amountInPence": amount,
                                         "paymentDate": date(pay_day), "paymentStatus": payment_status(&mut r)}),
                    );
                }
            }
            if !paid && r.pct(50) {
                payments.clear();
            }
            let latest = if paid {
                at_work(&mut r, pay_day)
            } else {
                calculated + r.range(60_000, 3_600_000)
            };
            let doc = json!({
                "_id": {"statementId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "contractId": c.id,
                "assessmentPeriod": {"startDate": date(ap_start), "endDate": date(ap_end)},
                "status": odd_case(&mut r, status, 3),
                "awardComponents": {"standardAllowanceInPence": standard, "housingElementInPence": housing,
                                    "childElementInPence": child, "childcareCostsElementInPence": childcare,
                                    "limitedCapabilityForWorkElementInPence": lcw, "carerElementInPence": carer},
                "earnedIncomeInPence": earned, "unearnedIncomeInPence": unearned, "workAllowanceInPence": work_allowance,
                "earningsReductionInPence": reduction,
                "totalAwardInPence": total,
                "deductions": deductions.iter().map(|(t, a)| json!({"deductionType": t, "amountInPence": a})).collect::<Vec<_>>(),
                "totalDeductionsInPence": deducted,
                "takeHomePayInPence": take_home,
                "payments": payments,
                "calculationDateTime": ts(calculated),
                "createdDateTime": ts(calculated),
            });
            let n = if paid { r.older_versions() } else { 0 };
            // Earlier: calculated but not paid yet, with a provisional deduction.
            out.push_versions(&doc, n, calculated, latest, |old, j| {
                old["status"] = json!("CALCULATED");
                old["payments"] = json!([]);
                old["deductions"] = json!([{"deductionType": "ADVANCE_REPAYMENT", "amountInPence": 1000 * j}]);
            })?;
        }
    }
    Ok(())
}

pub(super) fn to_dos(w: &World, out: &mut Part) -> Result<()> {
    for (c, mut r) in w.contract_streams("to-do") {
        let last_day = c.last_day(w.as_at);
        for _ in 0..r.range(1, 3) {
            let (_, code, _, _, owner, target, _) = r.pick(TO_DO_TYPES);
            let code = match r.below(100) {
                0 | 1 => "LEGACY_REVIEW".to_string(),
                2..=4 => format!(" {}", code.to_lowercase()),
                _ => code.to_string(),
            };
            let created_day = c.start + r.range(0, (last_day - c.start).max(1));
            let created = at_work(&mut r, created_day);
            let due = created_day + target as i64;
            let age = w.as_at - created_day;
            let status = match r.below(100) {
                _ if age < 3 => "OPEN",
                0..=59 => "COMPLETED",
                60..=69 => "CANCELLED",
                70..=84 => "IN_PROGRESS",
                _ => "OPEN",
            };
            let team = w.team_for(c.site, owner);
            let team_id = match r.below(100) {
                0 | 1 => "TM999901".to_string(),
                2..=4 => w.teams[team].id.to_lowercase(),
                _ => w.teams[team].id.clone(),
            };
            let finished = match status {
                "COMPLETED" | "CANCELLED" => {
                    let day = (created_day + r.range(0, 2 * target as i64 + 1)).min(w.as_at);
                    Some(at_work(&mut r, day).max(created + 60_000))
                }
                _ => None,
            };
            let until = finished.unwrap_or(w.end_ms());
            let n_assignees = if status == "OPEN" && r.pct(40) {
                0
            } else {
                r.range(1, 4)
            };
            let mut assignees = Vec::new();
            let mut agents = Vec::new();
            for a in 0..n_assignees {
                let from = created + (until - created) * a / n_assignees.max(1) + 60_000;
                let to = (a + 1 < n_assignees).then(|| created + (until - created) * (a + 1) / n_assignees);
                let agent = w.agent_ref(&mut r, team);
                assignees
                    .push(json!({"agentId": agent, "assignedDateTime": ts(from), "unassignedDateTime": to.map(ts)}));
                agents.push(agent);
            }
            let outcome = match (status, finished) {
                ("COMPLETED", Some(done)) => json!({
                    "outcomeCode": r.pick(&["VERIFIED", "VERIFIED", "NOT_VERIFIED", "NO_ACTION_NEEDED", "REFERRED"]),
                    "completedByAgentId": agents.last().cloned().unwrap_or_else(|| w.agent_ref(&mut r, team)),
                    "completedDateTime": ts(done)}),
                _ => Value::Null,
            };
            // Dirt: a completed to-do whose status was never moved on.
            let shown_status = if status == "COMPLETED" && r.pct(4) {
                "IN_PROGRESS".to_string()
            } else {
                odd_case(&mut r, status, 4)
            };
            let latest = finished.unwrap_or_else(|| modified_after(&mut r, created, w.end_ms()));
            let mut doc = json!({
                "_id": {"toDoId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "contractId": c.id,
                "claimantId": w.claimants[c.members[0]].id,
                "toDoTypeCode": code,
                "status": shown_status,
                "priority": match r.below(100) { 0..=4 => Value::Null, 5..=7 => json!("high"), _ => json!(r.pick(&["LOW", "NORMAL", "NORMAL", "NORMAL", "HIGH", "URGENT"])) },
                "teamId": team_id,
                "assignees": assignees,
                "dueDate": date(due),
                "outcome": outcome,
                "createdDateTime": ts(created),
            });
            if r.pct(3) {
                drop_key(&mut doc, "priority");
            }
            let n = if status == "OPEN" { 0 } else { r.older_versions() };
            // Earlier: still open with the first assignee only.
            out.push_versions(&doc, n, created, latest, |old, _| {
                old["status"] = json!("OPEN");
                old["outcome"] = Value::Null;
                let first: Vec<Value> = doc["assignees"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .take(1)
                    .cloned()
                    .collect();
                old["assignees"] = json!(first
                    .into_iter()
                    .map(|mut a| {
                        a["unassignedDateTime"] = Value::Null;
                        a
                    })
                    .collect::<Vec<_>>());
            })?;
        }
    }
    Ok(())
}

pub(super) fn appointments(w: &World, out: &mut Part) -> Result<()> {
    for (c, mut r) in w.contract_streams("appointment") {
        let last_day = c.last_day(w.as_at + 21);
        let team = w.team_for(c.site, "WORK_COACH");
        let mut day = c.start + r.range(1, 8);
        for n_appt in 0..r.range(1, 4) {
            if day > last_day {
                break;
            }
            let code = match n_appt {
                0 => "IEI",
                1 => "CC",
                _ => r.pick(&["WSR", "WSR", "WFI", "HCP", "CCR", "JSP", "SER"]),
            };
            let code = match r.below(100) {
                0 => "XYZ".to_string(),
                1..=3 => format!(" {}", code.to_lowercase()),
                _ => code.to_string(),
            };
            let minutes = APPOINTMENT_TYPES
                .iter()
                .find(|t| t.1 == code.trim().to_uppercase())
                .map(|t| t.4)
                .unwrap_or(30);
            let start = day * DAY_MS + (9 * 60 + 10 * r.range(0, 45)) * 60_000;
            let end = start + minutes as i64 * 60_000;
            let booked_day = (day - r.range(1, 14)).min(w.as_at);
            let booked = at_work(&mut r, booked_day);
            let agent = w.agent_ref(&mut r, team);
            let (attendance, latest) = if day > w.as_at {
                (Value::Null, booked + r.range(0, 3_600_000))
            } else {
                let status = match r.below(100) {
                    0..=69 => "ATTENDED",
                    70..=75 => "LATE",
                    76..=85 => "FAILED_TO_ATTEND",
                    86..=90 => "CANCELLED_BY_CLAIMANT",
                    91..=94 => "CANCELLED_BY_DWP",
                    _ => "RESCHEDULED",
                };
                let arrived = match status {
                    "ATTENDED" => Some(start - r.range(0, 15 * 60_000)),
                    "LATE" => Some(start + r.range(5 * 60_000, 20 * 60_000)),
                    _ => None,
                };
                let recorded = end + r.range(5 * 60_000, 120 * 60_000);
                (
                    json!({"status": odd_case(&mut r, status, 2), "arrivedDateTime": arrived.map(ts),
                           "recordedByAgentId": agent, "recordedDateTime": ts(recorded)}),
                    recorded + r.range(0, 1000),
                )
            };
            let site = match r.below(100) {
                0 => "ST999999".to_string(),
                1..=3 => w.sites[c.site].id.to_lowercase(),
                _ => w.sites[c.site].id.clone(),
            };
            let channel = match r.below(100) {
                0..=3 => "F2F",
                4..=6 => "phone",
                7..=14 => "TELEPHONE",
                15..=19 => "VIDEO",
                _ => "FACE_TO_FACE",
            };
            let doc = json!({
                "_id": {"appointmentId": r.uuid()},
                "_lastModifiedDateTime": ts(latest),
                "claimantId": w.claimants[c.members[r.below(c.members.len() as u64) as usize]].id,
                "contractId": c.id,
                "appointmentTypeCode": code,
                "siteId": site,
                "agentId": agent,
                "channel": channel,
                "scheduledStartDateTime": ts(start),
                "scheduledEndDateTime": ts(end),
                "attendance": attendance,
                "bookedDateTime": ts(booked),
                "createdDateTime": ts(booked),
            });
            let n = if doc["attendance"].is_null() {
                0
            } else {
                r.older_versions()
            };
            // Earlier: booked, attendance not yet recorded.
            out.push_versions(&doc, n, booked, latest, |old, _| {
                old["attendance"] = Value::Null;
            })?;
            day += r.range(10, 35);
        }
    }
    Ok(())
}

pub(super) fn agents(w: &World, out: &mut Part) -> Result<()> {
    for (a, agent) in w.agents.iter().enumerate() {
        let mut r = w.rng("agent-doc", a);
        let created = agent.start * DAY_MS + 8 * 3_600_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        let team = agent.moved_to.unwrap_or(agent.team);
        let mut roles = vec![agent.role];
        if agent.role == "WORK_COACH" && r.pct(50) {
            roles.push("JOURNAL_RESPONDER");
        }
        let roles: Vec<Value> = if a % 17 == 9 {
            vec![]
        } else {
            roles.into_iter().map(|x| json!(odd_case(&mut r, x, 5))).collect()
        };
        let staff = agent.staff_number.to_string();
        let mut doc = json!({
            "_id": {"agentId": agent.id},
            "_lastModifiedDateTime": ts(latest),
            "staffNumber": if r.pct(10) { staff.trim_start_matches('1').to_string() } else { staff },
            "name": {"firstName": agent.first, "lastName": agent.last},
            "emailAddress": format!("{}.{}@dwp.gov.uk", agent.first, agent.last.replace('\'', "")).to_lowercase(),
            "teamId": odd_case(&mut r, &w.teams[team].id, 5),
            "roles": roles,
            "grade": odd_case(&mut r, agent.grade, 5),
            "startDate": date(agent.start),
            "endDate": agent.end.map(date),
            "isActive": agent.end.is_none(),
            "createdDateTime": ts(created),
        });
        if r.pct(5) {
            drop_key(&mut doc, "isActive");
        }
        // Earlier, for an agent who moved: still in the team Crown knows.
        let n = usize::from(agent.moved_to.is_some());
        out.push_versions(&doc, n, created, latest, |old, _| {
            old["teamId"] = json!(w.teams[agent.team].id);
        })?;
    }
    Ok(())
}

pub(super) fn teams(w: &World, out: &mut Part) -> Result<()> {
    for (t, team) in w.teams.iter().enumerate() {
        let mut r = w.rng("team-doc", t);
        let leader = &w.agents[team.agents[0]];
        let created = leader.start * DAY_MS + 8 * 3_600_000;
        let latest = modified_after(&mut r, created, w.end_ms());
        // Crown's members plus the agents who moved in since the Crown export.
        let moved_in = (0..w.agents.len()).filter(|&a| w.agents[a].moved_to == Some(t));
        let members: Vec<Value> = team
            .agents
            .iter()
            .copied()
            .chain(moved_in)
            .map(|a| json!({"agentId": w.agents[a].id, "joinedDate": date(w.agents[a].start.max(leader.start))}))
            .collect();
        let site = &w.sites[team.site];
        let doc = json!({
            "_id": {"teamId": team.id},
            "_lastModifiedDateTime": ts(latest),
            "name": team_name(team, site, t),
            "siteId": site.id,
            "teamType": if t == 1 { Value::Null } else { json!(odd_case(&mut r, team.team_type, 10)) },
            "leaderAgentId": leader.id,
            "members": members,
            "isActive": true,
            "createdDateTime": ts(created),
        });
        let n = r.older_versions();
        // Earlier: the leader alone.
        out.push_versions(&doc, n, created, latest, |old, _| {
            old["members"] = json!([members[0]]);
        })?;
    }
    Ok(())
}

pub(super) fn team_name(team: &Team, site: &Site, t: usize) -> String {
    let kind = match team.team_type {
        "WORK_COACH" => "Work Coach",
        "CASE_MANAGEMENT" => "Case Management",
        "TELEPHONY" => "Telephony",
        _ => "Decision Making",
    };
    format!("{} {kind} Team {}", TOWNS[site.town].name, t / 2 + 1)
}
