//! The world the documents describe: Crown reference data, claimants and their claims.

use super::calendar::*;
use super::rng::*;
use super::tables::*;
use serde_json::Value;

pub(super) struct Site {
    pub(super) id: String,
    pub(super) town: usize,
    pub(super) site_type: &'static str,
    pub(super) parent: Option<usize>,
}

pub(super) struct Team {
    pub(super) id: String,
    pub(super) team_type: &'static str,
    pub(super) site: usize,
    pub(super) agents: Vec<usize>,
}

pub(super) struct Agent {
    pub(super) id: String,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) staff_number: u32,
    /// The team Crown knows; `moved_to` is a newer team only the ADG agent record knows.
    pub(super) team: usize,
    pub(super) moved_to: Option<usize>,
    pub(super) role: &'static str,
    pub(super) grade: &'static str,
    pub(super) start: i64,
    pub(super) end: Option<i64>,
}

pub(super) struct Claimant {
    pub(super) id: String,
    pub(super) person_id: String,
    /// Couples share the lead's address; `owns_address` says who writes the address document.
    pub(super) address_id: String,
    pub(super) owns_address: bool,
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) gender: &'static str,
    pub(super) dob: i64,
    pub(super) site: usize,
    /// Tenure type, landlord type, monthly rent in pence.
    pub(super) tenure: Option<(&'static str, &'static str, i64)>,
    pub(super) registered: i64,
    pub(super) partner: Option<usize>,
}

pub(super) struct Contract {
    pub(super) id: String,
    pub(super) members: Vec<usize>,
    pub(super) declared: i64,
    pub(super) start: i64,
    pub(super) closed: Option<(i64, &'static str)>,
    pub(super) suspended: bool,
    pub(super) site: usize,
    pub(super) children: i64,
    pub(super) housing: bool,
    pub(super) childcare: bool,
    pub(super) lcw: bool,
    pub(super) carer: bool,
    /// Housing paid to the landlord (managed payment).
    pub(super) managed: bool,
}

pub(super) struct World {
    pub(super) seed: u64,
    pub(super) as_at: i64,
    pub(super) sites: Vec<Site>,
    pub(super) teams: Vec<Team>,
    pub(super) agents: Vec<Agent>,
    pub(super) claimants: Vec<Claimant>,
    pub(super) contracts: Vec<Contract>,
}

impl Contract {
    /// The day the claim closed, or `open_until` while it is open.
    pub(super) fn last_day(&self, open_until: i64) -> i64 {
        self.closed.map(|(d, _)| d).unwrap_or(open_until)
    }
}

impl World {
    pub(super) fn new(scale: u32, seed: u64) -> World {
        let as_at = as_at();
        // Crown grows with the square root of the scale: 5 sites, 10 teams, 40 agents at 1.
        let n_sites = ((5.0 * (scale as f64).sqrt()).round() as usize).max(1);
        let mut sites = Vec::new();
        for i in 0..n_sites {
            let site_type = if i % 5 == 4 {
                "OUTREACH"
            } else if i % 5 == 2 {
                "SERVICE_CENTRE"
            } else {
                "JOBCENTRE"
            };
            let parent = (site_type == "OUTREACH").then_some(i - 4);
            sites.push(Site {
                id: format!("ST{:06}", 101 + i),
                town: i % TOWNS.len(),
                site_type,
                parent,
            });
        }
        let mut teams = Vec::new();
        let mut agents = Vec::new();
        for (s, _) in sites.iter().enumerate() {
            for k in 0..2 {
                let team_type = if k == 0 {
                    "WORK_COACH"
                } else {
                    TEAM_TYPES[s % TEAM_TYPES.len()]
                };
                let t = teams.len();
                let mut members = Vec::new();
                for j in 0..4 {
                    let a = agents.len();
                    let mut r = Rng::new(seed, "agent", a as u64);
                    let role = match (j, team_type) {
                        (0, _) => "TEAM_LEADER",
                        (_, "WORK_COACH") => "WORK_COACH",
                        (_, "CASE_MANAGEMENT") => "CASE_MANAGER",
                        (_, "TELEPHONY") => "SERVICE_AGENT",
                        _ => "DECISION_MAKER",
                    };
                    let start = as_at - r.range(200, 3500);
                    let end = (j > 0 && r.pct(8)).then(|| as_at - r.range(5, 150));
                    agents.push(Agent {
                        id: format!("AG{:07}", 1001 + a),
                        first: r.pick(FIRST_NAMES),
                        last: r.pick(LAST_NAMES),
                        staff_number: 10_000_000 + r.below(9_000_000) as u32,
                        team: t,
                        moved_to: None,
                        role,
                        grade: if j == 0 {
                            "HEO"
                        } else {
                            r.pick(&["AO", "EO", "EO", "EO", "AA"])
                        },
                        start,
                        end,
                    });
                    members.push(a);
                }
                teams.push(Team {
                    id: format!("TM{:06}", 301 + t),
                    team_type,
                    site: s,
                    agents: members,
                });
            }
        }
        // A few agents moved team since the Crown export: only ADG knows.
        let n_teams = teams.len();
        for (a, agent) in agents.iter_mut().enumerate() {
            if a % 13 == 5 && n_teams > 1 {
                agent.moved_to = Some((agent.team + 2) % n_teams);
            }
        }

        let n = 250 * scale as usize;
        let mut claimants: Vec<Claimant> = (0..n)
            .map(|i| {
                let mut r = Rng::new(seed, "claimant", i as u64);
                let gender = r.pick(&["M", "F", "F", "M", "X"]);
                let tenure = match r.below(10) {
                    0..=3 => Some(("SOCIAL_RENTED", "HOUSING_ASSOCIATION", r.range(350, 900) * 100)),
                    4..=6 => Some(("PRIVATE_RENTED", "PRIVATE", r.range(450, 1400) * 100)),
                    7 => Some(("OWNER_OCCUPIER", "NONE", 0)),
                    _ => None,
                };
                Claimant {
                    id: r.uuid(),
                    person_id: r.uuid(),
                    address_id: r.uuid(),
                    owns_address: true,
                    first: r.pick(FIRST_NAMES),
                    last: r.pick(LAST_NAMES),
                    gender,
                    dob: as_at - r.range(17 * 365, 66 * 365),
                    site: 0,
                    tenure,
                    registered: 0,
                    partner: None,
                }
            })
            .collect();

        // Households: singles and couples (two consecutive claimants); some leads also had an
        // earlier claim that closed, for the repeat-claim measures.
        let mut contracts = Vec::new();
        let mut i = 0;
        while i < n {
            let mut r = Rng::new(seed, "household", i as u64);
            let couple = i + 1 < n && r.pct(20);
            let members = if couple { vec![i, i + 1] } else { vec![i] };
            let site = r.below(n_sites as u64) as usize;
            if couple {
                claimants[i].partner = Some(i + 1);
                claimants[i + 1].partner = Some(i);
                claimants[i + 1].address_id = claimants[i].address_id.clone();
                claimants[i + 1].owns_address = false;
                if r.pct(60) {
                    claimants[i + 1].last = claimants[i].last;
                }
            }
            for &m in &members {
                claimants[m].site = site;
            }
            let lead = &claimants[i];
            let housing = matches!(lead.tenure, Some((t, _, _)) if t != "OWNER_OCCUPIER");
            let children = if r.pct(45) { r.range(1, 4) } else { 0 };
            let household =
                |r: &mut Rng, members: Vec<usize>, start: i64, closed: Option<(i64, &'static str)>| Contract {
                    id: r.uuid(),
                    members,
                    declared: {
                        let day = start - r.range(0, 3);
                        at_work(r, day)
                    },
                    start,
                    closed,
                    suspended: closed.is_none() && r.pct(5),
                    site,
                    children,
                    housing,
                    childcare: children > 0 && r.pct(25),
                    lcw: r.pct(12),
                    carer: r.pct(6),
                    managed: housing && r.pct(25),
                };
            if r.pct(15) {
                let start = as_at - r.range(400, 750);
                let closed = add_months(start, r.range(1, 6)) + r.range(0, 20);
                let reason = r.pick(CLOSURE);
                contracts.push(household(&mut r, vec![i], start, Some((closed, reason))));
            }
            let start = as_at - r.range(20, 150);
            let days = as_at - start;
            let closed = (days >= 45 && r.pct(10)).then(|| (start + r.range(35, days), r.pick(CLOSURE)));
            contracts.push(household(&mut r, members.clone(), start, closed));
            i += members.len();
        }
        for c in &contracts {
            for &m in &c.members {
                let reg = c.declared - 3_600_000 * (1 + (m as i64 % 47));
                if claimants[m].registered == 0 || reg < claimants[m].registered {
                    claimants[m].registered = reg;
                }
            }
        }
        World {
            seed,
            as_at,
            sites,
            teams,
            agents,
            claimants,
            contracts,
        }
    }

    /// Each contract with its own random stream of `tag` (one per contract).
    pub(super) fn contract_streams<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = (&'a Contract, Rng)> + 'a {
        self.contracts
            .iter()
            .enumerate()
            .map(move |(k, c)| (c, self.rng(tag, k)))
    }

    pub(super) fn rng(&self, tag: &str, index: usize) -> Rng {
        Rng::new(self.seed, tag, index as u64)
    }

    pub(super) fn end_ms(&self) -> i64 {
        (self.as_at + 1) * DAY_MS - 1
    }

    /// A team of `team_type` at `site`, else any team of that type, else the site's first team.
    pub(super) fn team_for(&self, site: usize, team_type: &str) -> usize {
        self.teams
            .iter()
            .position(|t| t.site == site && t.team_type == team_type)
            .or_else(|| self.teams.iter().position(|t| t.team_type == team_type))
            .unwrap_or(site * 2)
    }

    /// An agent of `team`, or (rarely) one Crown has never heard of.
    pub(super) fn agent_ref(&self, r: &mut Rng, team: usize) -> String {
        if r.pct(2) {
            return format!("AG9{:06}", r.below(1_000_000));
        }
        let id = &self.agents[r.pick(&self.teams[team].agents)].id;
        if r.pct(3) {
            id.to_lowercase()
        } else {
            id.clone()
        }
    }
}

/// A last modified time after `created` (by up to an hour at least) and before `end`.
pub(super) fn modified_after(r: &mut Rng, created: i64, end: i64) -> i64 {
    let span = (end - created).max(2);
    created + r.range((span / 2).clamp(1, 3_600_000), span)
}

/// Drop `key` from an object (a missing optional field).
pub(super) fn drop_key(v: &mut Value, key: &str) {
    if let Some(m) = v.as_object_mut() {
        m.remove(key);
    }
}
