//! The dictionary and the Crown exports: flat rows, every value a string or null.

use super::adg::team_name;
use super::calendar::*;
use super::output::Part;
use super::rng::*;
use super::tables::*;
use super::world::*;
use crate::error::Result;
use serde_json::{json, Value};

pub(super) fn dictionary(_w: &World, out: &mut Part) -> Result<()> {
    for (name, codes) in DICTIONARY {
        for (i, (code, description)) in codes.iter().enumerate() {
            // Dirt: one dictionary name in odd case, codes with spaces.
            let name = if *name == "PAYEE_TYPE" {
                " payee_type ".to_string()
            } else {
                name.to_string()
            };
            let code = if i == 1 { format!("{code} ") } else { code.to_string() };
            out.push(
                &json!({"dictionary_name": name, "code": code, "description": description,
                             "start_date": "2013-04-29", "end_date": null}),
            )?;
        }
    }
    // A code loaded twice (the later start date wins), an ended code, a row with no code.
    out.push(
        &json!({"dictionary_name": "MARITAL_STATUS", "code": "SEPARATED", "description": "Separated (old wording)",
                     "start_date": "2010-01-01", "end_date": "2013-04-28"}),
    )?;
    out.push(
        &json!({"dictionary_name": "CLOSURE_REASON", "code": "MOVED_TO_LEGACY_BENEFIT",
                     "description": "Moved to a legacy benefit", "start_date": "2013-04-29", "end_date": "2019-01-15"}),
    )?;
    out.push(&json!({"dictionary_name": "DEDUCTION_TYPE", "code": null, "description": "Blank row", "start_date": null, "end_date": null}))?;
    Ok(())
}

pub(super) fn flag(r: &mut Rng, on: bool) -> &'static str {
    if on {
        r.pick(&["Y", "Y", "Y", "Y", "y", "YES", "1"])
    } else {
        r.pick(&["N", "N", "n", "0"])
    }
}

pub(super) fn crown_agents(w: &World, out: &mut Part) -> Result<()> {
    let mut older = Vec::new();
    for (a, agent) in w.agents.iter().enumerate() {
        let mut r = w.rng("crown-agent", a);
        let updated = recent(&mut r, w.as_at, 1, 60);
        let role_name = match agent.role {
            "TEAM_LEADER" => "Team Leader",
            "WORK_COACH" => "Work Coach",
            "CASE_MANAGER" => "Case Manager",
            "SERVICE_AGENT" => "Service Agent",
            _ => "Decision Maker",
        };
        let row = json!({
            "agent_id": odd_case(&mut r, &agent.id, 5),
            "staff_number": if r.pct(10) { agent.staff_number.to_string().trim_start_matches('1').to_string() } else { agent.staff_number.to_string() },
            "first_name": if r.pct(5) { format!(" {}", agent.first) } else { agent.first.to_string() },
            "last_name": agent.last,
            "email_address": format!("{}.{}@DWP.GOV.UK", agent.first, agent.last.replace('\'', "")),
            "team_id": odd_case(&mut r, &w.teams[agent.team].id, 5),
            "role_code": odd_case(&mut r, agent.role, 5),
            "role_name": role_name,
            "grade_code": agent.grade,
            "start_date": date(agent.start),
            "end_date": agent.end.map(date),
            "active_flag": if r.pct(3) { Value::Null } else { json!(flag(&mut r, agent.end.is_none())) },
            "last_updated": crown_ts(updated),
        });
        out.push(&row)?;
        if a % 11 == 3 {
            // The same agent exported earlier, in another team: the later row must win.
            let mut old = row.clone();
            old["last_updated"] = json!(crown_ts(updated - 90 * DAY_MS));
            old["team_id"] = json!(w.teams[(agent.team + 1) % w.teams.len()].id);
            older.push(old);
        }
    }
    older.push(
        json!({"agent_id": null, "staff_number": "00000000", "first_name": "Test", "last_name": "Account",
                      "email_address": null, "team_id": null, "role_code": null, "role_name": null, "grade_code": null,
                      "start_date": null, "end_date": null, "active_flag": "N", "last_updated": "2020-01-01 00:00:00"}),
    );
    older.push(json!({"agent_id": " ", "staff_number": null, "first_name": null, "last_name": null,
                      "email_address": null, "team_id": null, "role_code": null, "role_name": null, "grade_code": null,
                      "start_date": null, "end_date": null, "active_flag": null, "last_updated": "2020-01-01 00:00:00"}));
    for row in &older {
        out.push(row)?;
    }
    Ok(())
}

pub(super) fn crown_teams(w: &World, out: &mut Part) -> Result<()> {
    for (t, team) in w.teams.iter().enumerate() {
        let mut r = w.rng("crown-team", t);
        let site = &w.sites[team.site];
        let leader = &w.agents[team.agents[0]];
        let prefix: String = TOWNS[site.town]
            .name
            .chars()
            .filter(|c| c.is_ascii_uppercase())
            .collect();
        out.push(&json!({
            "team_id": odd_case(&mut r, &team.id, 5),
            "team_code": format!("{prefix}{}-{}-{:02}", team.site + 1, &team.team_type[..2], t + 1).to_lowercase(),
            "team_name": team_name(team, site, t),
            "team_type": odd_case(&mut r, team.team_type, 5),
            "site_id": odd_case(&mut r, &site.id, 10),
            "parent_team_id": (t % 2 == 1).then(|| w.teams[t - 1].id.clone()),
            "team_leader_agent_id": leader.id,
            "start_date": date(leader.start),
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(recent(&mut r, w.as_at, 1, 90)),
        }))?;
    }
    // A team at a site Crown does not list (its site key is the unknown member).
    out.push(
        &json!({"team_id": "TM999990", "team_code": "XX-CM-99", "team_name": "Closed Office Case Management",
                     "team_type": "CASE_MANAGEMENT", "site_id": "ST999999", "parent_team_id": null,
                     "team_leader_agent_id": null, "start_date": "2015-01-05", "end_date": "2022-12-31",
                     "active_flag": "N", "last_updated": "2023-01-03 06:00:00"}),
    )
}

pub(super) fn crown_sites(w: &World, out: &mut Part) -> Result<()> {
    let mut older = Vec::new();
    for (s, site) in w.sites.iter().enumerate() {
        let mut r = w.rng("crown-site", s);
        let town = &TOWNS[site.town];
        let kind = match site.site_type {
            "JOBCENTRE" => "Jobcentre",
            "SERVICE_CENTRE" => "Service Centre",
            _ => "Outreach",
        };
        let postcode = format!(
            "{}{} {}{}{}",
            town.area,
            r.range(1, 30),
            r.range(1, 10),
            r.pick(POSTCODE_LETTERS) as char,
            r.pick(POSTCODE_LETTERS) as char
        );
        let updated = recent(&mut r, w.as_at, 1, 120);
        let row = json!({
            "site_id": odd_case(&mut r, &site.id, 5),
            "site_code": format!("JCP{:04}", 400 + s),
            "site_name": format!("{} {kind} {}", town.name, s / TOWNS.len() + 1),
            "site_type": odd_case(&mut r, site.site_type, 5),
            "address_line_1": format!("{} {}", r.range(1, 120), r.pick(STREETS)),
            "town": town.name,
            "postcode": if r.pct(30) { postcode.replace(' ', "").to_lowercase() } else { postcode },
            "local_authority_code": town.la_code,
            "district_name": town.district,
            "region_name": town.region,
            "parent_site_id": site.parent.map(|p| w.sites[p].id.to_lowercase()),
            "start_date": "2013-04-29",
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(updated),
        });
        out.push(&row)?;
        if s == 0 {
            // Renamed since an earlier export: the later row must win.
            let mut old = row.clone();
            old["site_name"] = json!(format!("{} Jobcentre Plus", town.name));
            old["last_updated"] = json!(crown_ts(updated - 400 * DAY_MS));
            older.push(old);
        }
    }
    for row in &older {
        out.push(row)?;
    }
    Ok(())
}

pub(super) fn crown_appointment_types(w: &World, out: &mut Part) -> Result<()> {
    let mut r = w.rng("crown-appointment-type", 0);
    for &(id, code, name, category, minutes, mandatory, channel) in APPOINTMENT_TYPES {
        out.push(&json!({
            "appointment_type_id": id,
            "appointment_type_code": if code == "WFI" { " wfi".to_string() } else { code.to_string() },
            "appointment_type_name": name,
            "appointment_category": category,
            "default_duration_minutes": minutes.to_string(),
            "mandatory_flag": mandatory,
            "default_channel": channel,
            "start_date": "2016-05-09",
            "end_date": null,
            "active_flag": "Y",
            "last_updated": crown_ts(recent(&mut r, w.as_at, 100, 400)),
        }))?;
    }
    // An older row of WSR under its own id (the later wins) and a retired type reusing a code
    // (the model keeps the active one per code).
    out.push(&json!({"appointment_type_id": "AT0003", "appointment_type_code": "WSR", "appointment_type_name": "Fortnightly Work Search Review",
                     "appointment_category": "WORK_SEARCH", "default_duration_minutes": "15", "mandatory_flag": "Y",
                     "default_channel": "FACE_TO_FACE", "start_date": "2013-04-29", "end_date": null, "active_flag": "Y",
                     "last_updated": "2016-05-09 02:00:00"}))?;
    out.push(&json!({"appointment_type_id": "AT0099", "appointment_type_code": "WFI", "appointment_type_name": "Work Focused Interview (legacy)",
                     "appointment_category": "WORK_SEARCH", "default_duration_minutes": "40", "mandatory_flag": "N",
                     "default_channel": "FACE_TO_FACE", "start_date": "2013-04-29", "end_date": "2016-05-08", "active_flag": "N",
                     "last_updated": "2016-05-09 02:00:00"}))
}

pub(super) fn crown_to_do_types(w: &World, out: &mut Part) -> Result<()> {
    let mut r = w.rng("crown-to-do-type", 0);
    for &(id, code, name, category, owner, target, automated) in TO_DO_TYPES {
        out.push(&json!({
            "to_do_type_id": id,
            "to_do_type_code": code,
            "to_do_type_name": name,
            "to_do_category": category,
            "owning_team_type": owner,
            "target_days": target.to_string(),
            "automated_flag": automated,
            "start_date": "2016-05-09",
            "end_date": null,
            "active_flag": flag(&mut r, true),
            "last_updated": crown_ts(recent(&mut r, w.as_at, 100, 400)),
        }))?;
    }
    out.push(&json!({"to_do_type_id": null, "to_do_type_code": "TEST", "to_do_type_name": "Test row", "to_do_category": null,
                     "owning_team_type": null, "target_days": "n/a", "automated_flag": null, "start_date": null, "end_date": null,
                     "active_flag": "N", "last_updated": null}))
}
