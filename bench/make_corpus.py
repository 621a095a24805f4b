"""Write a large, obviously fictional briefings corpus, for timing Parley on more than a month.

The output has the real layout (registries, articles/YYYY/MM/…, days/…) and passes
`parley check`. YAML is written as text, not through a dumper, so a year of articles takes
about a second; the same arguments always give byte-identical files (one seeded
`random.Random`, no clock, lists only). See bench/README.md.

    python bench/make_corpus.py OUT_DIR --preset year
    python bench/make_corpus.py OUT_DIR --days 365 --articles-per-day 10 --claims-per-article 10 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

PRESETS = {
    "month": {"days": 30, "articles_per_day": 10, "claims_per_article": 10},
    "year": {"days": 365, "articles_per_day": 10, "claims_per_article": 10},
    "10k": {"days": 1000, "articles_per_day": 10, "claims_per_article": 10},
}
DEFAULTS = {**PRESETS["month"], "seed": 1, "start": "2030-01-01"}

# --- the fictional world --------------------------------------------------------------
# Every name below is invented; a test checks that no other name reaches the files.

SIDES = (  # id, name, role, description
    ("north", "Northland", "party", "The first fictional party to the conflict."),
    ("south", "Southland", "party", "The second fictional party to the conflict."),
    ("broker", "Broker State", "mediator", "The lead fictional mediator."),
    ("second-broker", "Second Broker", "mediator", "A fictional mediator that hosts technical rounds."),
    ("third-broker", "Third Broker", "mediator", "A fictional mediator that backs the guarantees."),
    ("observers", "Observer Group", "other", "Fictional observers, neither party nor mediator."),
)
SIDE_NAME = {ident: name for ident, name, _, _ in SIDES}
PARTIES = ("north", "south")
MEDIATORS = ("broker", "second-broker", "third-broker")

TOPICS = (  # id, label, description, phrases used in claim texts
    ("truce", "Truce", "A pause in the fighting.",
     ("the truce", "a lasting truce", "the pause in the fighting")),
    ("captives", "Captives", "Release of captives held by either side.",
     ("the captives", "the release of the captives", "the captives lists")),
    ("border", "Border crossing", "Opening of the border crossing.",
     ("the border crossing", "the opening of the crossing", "the crossing hours")),
    ("monitors", "Monitors", "Foreign monitors to watch a truce.",
     ("the monitors", "foreign monitors", "the monitoring mission")),
    ("reconstruction", "Reconstruction funds", "Who pays for rebuilding the border towns.",
     ("reconstruction funds", "the rebuilding of the border towns", "the reconstruction fund")),
    ("aid", "Aid", "Deliveries of food, fuel and medicine.",
     ("aid convoys", "the aid corridor", "humanitarian deliveries")),
    ("withdrawal", "Withdrawal", "Pulling troops back from the front line.",
     ("the withdrawal of troops", "the pull-back", "the withdrawal map")),
    ("guarantees", "Guarantees", "Who guarantees that a deal is kept.",
     ("guarantees", "written guarantees", "the mediators' guarantees")),
    ("talks", "Talks", "The format, venue and rounds of the negotiations.",
     ("the talks", "the next round of talks", "the negotiating format")),
    ("timetable", "Timetable", "The phases and deadlines of a deal.",
     ("the timetable", "the phasing of the deal", "the deadlines")),
    ("buffer-zone", "Buffer zone", "A strip kept free of troops between the lines.",
     ("the buffer zone", "the width of the buffer zone", "the demilitarised strip")),
    ("detainees", "Detainees", "Exchange of detainees held without charge.",
     ("the detainees", "the exchange of detainees", "the detainee lists")),
    ("water", "Water rights", "Sharing the water of the border reservoir.",
     ("the water-sharing deal", "access to the reservoir", "water rights")),
    ("ports", "Ports", "Access to the ports and inspection of cargo.",
     ("the ports", "access to the ports", "the port inspections")),
    ("airspace", "Airspace", "Flights over the border region.",
     ("the airspace", "overflight rights", "the no-fly arrangement")),
)
TOPIC_IDS = tuple(t[0] for t in TOPICS)
TOPIC_LABEL = {t[0]: t[1] for t in TOPICS}
TOPIC_PHRASES = {t[0]: t[3] for t in TOPICS}
# The talks keep coming back to a few topics; the rest come up now and then.
TOPIC_WEIGHTS = (9, 8, 6, 5, 3, 4, 4, 4, 7, 3, 3, 3, 2, 2, 1)

ACTORS = (  # id, name, kind, role, side
    ("delegation-a", "Delegation A", "organisation", "Northland negotiating delegation", "north"),
    ("spokesperson-b", "Spokesperson B", "person", "Southland foreign ministry spokesperson", "south"),
    ("envoy-c", "Envoy C", "person", "Broker State envoy", "broker"),
    ("negotiator-d", "Negotiator D", "person", "Northland deputy negotiator", "north"),
    ("official-e", "Official E", "person", "Second Broker foreign ministry official", "second-broker"),
    ("minister-f", "Minister F", "person", "Northland foreign minister", "north"),
    ("council-g", "Council G", "organisation", "Southland governing council", "south"),
    ("adviser-h", "Adviser H", "person", "adviser to the Northland leader", "north"),
    ("mediator-i", "Mediator I", "person", "Third Broker special mediator", "third-broker"),
    ("negotiator-j", "Negotiator J", "person", "Southland chief negotiator", "south"),
    ("minister-k", "Minister K", "person", "Southland defence minister", "south"),
    ("monitor-l", "Monitor L", "person", "head of the Observer Group mission", "observers"),
    ("ministry-m", "Ministry M", "organisation", "Broker State foreign ministry", "broker"),
    ("office-n", "Office N", "organisation", "office of the Northland leader", "north"),
    ("ambassador-o", "Ambassador O", "person", "Second Broker ambassador", "second-broker"),
    ("press-office-p", "Press Office P", "organisation", "Southland presidency press office", "south"),
    ("commander-q", "Commander Q", "person", "Northland border commander", "north"),
    ("rapporteur-r", "Rapporteur R", "person", "Observer Group rapporteur", "observers"),
    ("secretary-s", "Secretary S", "person", "Third Broker state secretary", "third-broker"),
    ("spokesperson-t", "Spokesperson T", "person", "Northland government spokesperson", "north"),
    ("deputy-u", "Deputy U", "person", "Southland deputy foreign minister", "south"),
    ("envoy-v", "Envoy V", "person", "Second Broker envoy", "second-broker"),
    ("committee-w", "Committee W", "organisation", "Northland families committee", "north"),
    ("analyst-x", "Analyst X", "person", "Observer Group analyst", "observers"),
    ("official-y", "Official Y", "person", "Broker State mediation official", "broker"),
    ("governor-z", "Governor Z", "person", "Southland border governor", "south"),
    ("chair-aa", "Chair AA", "person", "chair of the Third Broker mediation team", "third-broker"),
    ("mission-ab", "Mission AB", "organisation", "Observer Group field mission", "observers"),
    ("spokesperson-ac", "Spokesperson AC", "person", "Broker State spokesperson", "broker"),
    ("liaison-ad", "Liaison AD", "person", "Southland liaison officer", "south"),
)
ACTOR_NAMES = tuple(a[1] for a in ACTORS)
REGISTRY_IDS = frozenset(a[0] for a in ACTORS)
ACTOR_SIDE = {a[0]: a[4] for a in ACTORS}
# Parties speak most, mediators less, observers least.
ACTOR_WEIGHTS = tuple({"north": 6, "south": 6, "broker": 4, "second-broker": 3, "third-broker": 3,
                       "observers": 2}[a[4]] for a in ACTORS)

# Article-local speakers the article does not name: id, name, side ("" = the article does not say).
UNNAMED_SOURCES = (
    ("north-official", "A Northland official", "north"),
    ("north-negotiator", "A Northland negotiator", "north"),
    ("south-official", "A Southland official", "south"),
    ("south-negotiator", "A Southland negotiator", "south"),
    ("broker-diplomat", "A Broker State diplomat", "broker"),
    ("second-broker-source", "A source in the Second Broker delegation", "second-broker"),
    ("third-broker-official", "A Third Broker official", "third-broker"),
    ("observer-source", "A member of the Observer Group", "observers"),
    ("close-source", "A source close to the talks", ""),
    ("familiar-official", "An official familiar with the negotiations", ""),
    ("diplomatic-source", "A diplomatic source", ""),
)
UNATTRIBUTED = ("unattributed", "Not attributed in the article")
LOCAL_ACTOR_NAMES = tuple(u[1] for u in UNNAMED_SOURCES) + (UNATTRIBUTED[1],)

OUTLETS = (
    "The Example Times", "Example Wire", "Example Daily", "Example Radio", "The Sample Post",
    "Sample News Agency", "The Placeholder Herald", "Example Broadcasting", "The Specimen Review",
    "Demo Weekly", "The Mock Gazette", "Example Online", "Sample Television", "The Illustrative Journal",
    "Example Monitor",
)
REPUBLISHERS = ("Example Aggregator", "Sample Digest", "The Demo Reader")
BYLINES = ("Correspondent K", "Reporter Q", "Staff reporter", "Correspondent M and Reporter P",
           "Desk editor W", "Reporter J", "Correspondent Z")
URL_BASE = "https://example.org"

VENUES = ("interview", "press conference", "statement", "briefing", "post", "television interview",
          "radio interview", "speech")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STANCES = ("optimistic", "cautious", "pessimistic", "neutral")

# --- sentence material ----------------------------------------------------------------
# {n} and {m} are topic phrases, {day} a weekday. First person for quotes, reported speech
# for paraphrases; a claim's stance picks the pool, so the words match the stance recorded.

QUOTE_SENTENCES = {
    "optimistic": (
        "We believe an agreement on {n} is within reach.",
        "The last round was the most constructive we have had, and we expect to close the remaining gaps on {n} soon.",
        "Both delegations now accept the basic outline on {n}.",
        "I am more hopeful today than at any time this month.",
        "There is real movement on {n}, and the mediators deserve credit for it.",
        "We could see a signed text on {n} within days if the present mood holds.",
        "The differences on {n} are now technical rather than political.",
        "For the first time, both sides are talking about {n} in the same language.",
        "I expect good news on {m} before the end of the week.",
    ),
    "cautious": (
        "There is progress on {n}, but several hard questions remain open.",
        "We are ready to keep talking, but we will not rush into a deal on {n} that cannot hold.",
        "It is too early to speak of a breakthrough on {n}.",
        "Much depends on whether the other side keeps its word on {m}.",
        "We have seen drafts before that looked good on paper and failed on the ground.",
        "The gap on {n} is narrower than it was a week ago, but it is still there.",
        "We will study the new proposal on {n} carefully before we give an answer.",
        "Nobody should expect miracles from one more round of talks.",
        "If we settle {m}, the rest could follow, but that is a big if.",
    ),
    "pessimistic": (
        "The other side keeps changing its demands on {n}, and that makes any agreement impossible.",
        "We see no serious offer on {n} on the table.",
        "Talks on {n} have stalled, and nobody should pretend otherwise.",
        "Without {m}, this process will collapse.",
        "Every promise on {n} so far has been broken within hours.",
        "I fear we are further from a deal on {n} than we were at the start of the month.",
        "This is not a negotiation; it is a list of ultimatums about {n}.",
        "We are wasting time while people on both sides of the line wait for {m}.",
    ),
    "neutral": (
        "Our delegation will return to the talks on {day}.",
        "The mediators have received our written answer on {n}.",
        "We have nothing to add on {n} until the next round.",
        "The technical teams met for several hours to go through {n}.",
        "A new draft on {n} has been shared with both delegations.",
        "We will brief the council on {n} before the next session.",
        "The next meeting on {m} is planned for {day}.",
    ),
}
POSITION_SENTENCES = {
    "demands": ("We demand {n}, and we will not sign anything without it.",
                "Any deal must include {n}; that is our condition, not a request.",
                "Our people expect {n} to come first, and we will insist on it."),
    "accepts": ("We can accept {n} as the mediators have drafted it.",
                "We have agreed to the proposal on {n}, and we have said so in writing.",
                "On {n}, the current text is acceptable to us."),
    "rejects": ("We reject the proposal on {n} in its current form.",
                "There will be no agreement on {n} on those terms.",
                "What is offered on {n} is unacceptable, and our answer is no."),
}
OPENERS = ("", "", "", "Let me be clear. ", "As I said yesterday, ", "I will say it again: ", "Frankly, ")

CLAUSES = {  # reported speech, for paraphrases and partial quotes
    "optimistic": ("an agreement on {n} was within reach",
                   "the last round had been the most constructive so far",
                   "the remaining differences on {n} were technical rather than political",
                   "a signed text on {n} could follow within days",
                   "both delegations now accepted the outline on {n}"),
    "cautious": ("progress had been made on {n} but hard questions remained",
                 "it was too early to speak of a breakthrough on {n}",
                 "the new proposal on {n} would be studied carefully",
                 "much depended on whether the other side kept its word on {m}",
                 "the gap on {n} had narrowed but not closed"),
    "pessimistic": ("the other side had made no serious offer on {n}",
                    "talks on {n} had stalled",
                    "the process would collapse without {m}",
                    "promises on {n} had been broken within hours",
                    "the delegations were further apart on {n} than a month ago"),
    "neutral": ("the delegation would return to the talks on {day}",
                "a new draft on {n} had been shared with both delegations",
                "the technical teams had met to go through {n}",
                "a written answer on {n} had been handed to the mediators",
                "the next meeting on {m} was planned for {day}"),
}
POSITION_CLAUSES = {
    "demands": ("{side} would insist on {n} before any deal", "any agreement had to include {n}"),
    "accepts": ("{side} could accept {n} as drafted by the mediators", "{side} had agreed to the text on {n}"),
    "rejects": ("{side} rejected the proposal on {n} in its current form", "{side} would not accept {n} on those terms"),
}
FRAGMENTS = {  # the speaker's own words inside a partial quote
    "optimistic": ("closer than ever", "a real step forward", "the best chance in months",
                   "within reach … if the mood holds", "moving in the right direction"),
    "cautious": ("possible, not promised", "far from finished", "worth studying carefully",
                 "a long way … but moving", "fragile at best"),
    "pessimistic": ("not serious", "dead on arrival", "a trap dressed up as an offer",
                    "going nowhere", "a waste of everyone's time"),
    "neutral": ("under review", "a technical matter", "on the table", "a question for the next round",
                "being checked line by line"),
}
POSITION_FRAGMENTS = {"demands": "a condition, not a request", "accepts": "acceptable as drafted",
                      "rejects": "unacceptable in its current form"}
REPORTING = {"optimistic": ("said", "said", "told reporters"), "cautious": ("said", "said", "cautioned"),
             "pessimistic": ("said", "warned", "complained"), "neutral": ("said", "said", "told reporters")}
HEADLINES = {
    "optimistic": ("Hopes rise for a deal on {t}", "{side} signals flexibility on {t}",
                   "Mediators see progress on {t}"),
    "cautious": ("Slow progress on {t}", "Mediators press both sides on {t}", "New draft on {t} circulates"),
    "pessimistic": ("No sign of movement on {t}", "{side} hardens line on {t}", "Delegations trade blame over {t}"),
    "neutral": ("Talks on {t} resume", "{side} sends answer on {t}", "Technical teams meet on {t}"),
}
POSITION_HEADLINES = {"demands": "{side} demands {t}", "accepts": "{side} accepts text on {t}",
                      "rejects": "{side} rejects proposal on {t}"}
CAVEAT_TEXTS = {
    "unnamed-sources": "These claims rest on sources the article does not name.",
    "single-source": "Only this outlet reports this; no other record confirms it.",
    "contradiction": "Speakers in this article point in different directions on the same question.",
    "attribution-unclear": "The article does not make clear who said this, or to whom.",
    "missing-voice": "{side} is not heard in this article.",
    "translation": "The words were translated by the outlet; the original was not seen.",
    "outlet-perspective": "The outlet's own framing runs through this report.",
    "other": "The article was updated after publication; this record follows the later version.",
}


# --- YAML text -------------------------------------------------------------------------

# The order claim fields are written in: the schema's.
CLAIM_FIELDS = ("id", "actor", "described_as", "form", "text", "said_on", "venue", "via", "sourcing", "stance",
                "topics", "positions", "note")


def q(text: str) -> str:
    """Any text as a YAML double-quoted scalar: never read as a number, date, bool or null."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def claim_lines(claim: dict) -> list[str]:
    """One claim as YAML lines, fields in the schema's order."""
    lines = [f"  - id: {claim['id']}"]
    for key in CLAIM_FIELDS[1:]:
        value = claim.get(key)
        if value is None:
            continue
        if key == "topics":
            lines.append(f"    topics: {flow(value)}")
        elif key == "positions":
            lines.append("    positions:")
            lines += [f"      {topic}: {position}" for topic, position in value.items()]
        elif key == "said_on":
            lines.append(f"    said_on: {value.isoformat()}")
        elif key in ("actor", "form", "sourcing", "stance"):  # ids and vocabulary words
            lines.append(f"    {key}: {value}")
        else:
            lines.append(f"    {key}: {q(value)}")
    return lines


def registries() -> dict[str, str]:
    sides = ["# Fictional sides for the benchmark corpus (bench/make_corpus.py).", "sides:"]
    for ident, name, role, description in SIDES:
        sides += [f"  - id: {ident}", f"    name: {q(name)}", f"    role: {role}", f"    description: {q(description)}"]
    topics = ["# Fictional topics for the benchmark corpus (bench/make_corpus.py).", "topics:"]
    for ident, label, description, _ in TOPICS:
        topics += [f"  - id: {ident}", f"    label: {q(label)}", f"    description: {q(description)}"]
    actors = ["# Fictional recurring actors for the benchmark corpus (bench/make_corpus.py).", "actors:"]
    for ident, name, kind, role, side in ACTORS:
        actors += [f"  - id: {ident}", f"    name: {q(name)}", f"    kind: {kind}", f"    role: {q(role)}",
                   f"    side: {side}"]
    return {name: "\n".join(lines) + "\n" for name, lines in
            (("sides.yaml", sides), ("topics.yaml", topics), ("actors.yaml", actors))}


# --- the generator -------------------------------------------------------------------

@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    side: str  # "" when not stated
    kind: str  # person | organisation | unnamed-source
    local: bool
    role: str = ""


REGISTRY_SPEAKERS = tuple(Speaker(i, n, s, k, False, r) for i, n, k, r, s in ACTORS)


@dataclass
class Counts:
    files: int = 0
    articles: int = 0
    claims: int = 0
    day_notes: int = 0
    bytes: int = 0


class CorpusMaker:
    """One seeded random stream drives everything, consumed in a fixed order."""

    def __init__(self, seed: int, start: dt.date, days: int, articles_per_day: int, claims_per_article: int):
        self.rng = random.Random(seed)
        self.start, self.days = start, days
        self.articles_per_day, self.claims_per_article = articles_per_day, claims_per_article
        # Per topic one party demands and the other mostly rejects: sticking points. The other's
        # answer drifts (see `drift`), so sticking points open and close over the weeks.
        self.policy: dict[str, dict[str, str]] = {side: {} for side in PARTIES}
        for topic in TOPIC_IDS:
            demander = self.rng.choice(PARTIES)
            other = PARTIES[1 - PARTIES.index(demander)]
            self.policy[demander][topic] = "demands"
            self.policy[other][topic] = self.answer()
        self.mood = {"party": 0.0, "mediator": 0.0, "other": 0.0}

    # -- small choices ---------------------------------------------------------------
    def topic(self, focus: list[str]) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(focus)
        return self.rng.choices(TOPIC_IDS, TOPIC_WEIGHTS)[0]

    def phrase(self, topic: str) -> str:
        return self.rng.choice(TOPIC_PHRASES[topic])

    def stance(self, side: str) -> str:
        role = "party" if side in PARTIES else "mediator" if side in MEDIATORS else "other"
        m = self.mood[role]
        return self.rng.choices(STANCES, (0.25 + 0.2 * m, 0.3, 0.25 - 0.2 * m, 0.2))[0]

    def fill(self, template: str, topic: str, side: str = "") -> str:
        return template.format(n=self.phrase(topic), m=self.phrase(self.rng.choice(TOPIC_IDS)),
                               day=self.rng.choice(WEEKDAYS), side=SIDE_NAME.get(side, "The delegation"))

    # -- texts -------------------------------------------------------------------
    def quote_text(self, stance: str, topic: str, position: str | None) -> str:
        """15–60 words of first-person speech, sometimes interrupted by the article ([…])."""
        target = int(self.rng.triangular(15, 60, 22))  # most quotes are short, a few run long
        opener = self.rng.choice(OPENERS)
        pool = list(QUOTE_SENTENCES[stance])
        self.rng.shuffle(pool)
        sentences = [self.fill(self.rng.choice(POSITION_SENTENCES[position]), topic)] if position else []
        words = len(opener.split()) + sum(len(s.split()) for s in sentences)
        for template in pool:
            if words >= target:
                break
            sentence = self.fill(template, topic)
            n = len(sentence.split())
            if words + n <= min(60, target + 6) or (words < 15 and words + n <= 60):
                sentences.append(sentence)
                words += n
        if opener.endswith((", ", ": ")) and not sentences[0].startswith("I "):
            sentences[0] = sentences[0][0].lower() + sentences[0][1:]
        if len(sentences) > 1 and self.rng.random() < 0.1:
            cut = self.rng.randint(1, len(sentences) - 1)
            return opener + " ".join(sentences[:cut]) + " […] " + " ".join(sentences[cut:])
        return opener + " ".join(sentences)

    def clause(self, stance: str, topic: str, side: str, position: str | None) -> str:
        pool = POSITION_CLAUSES[position] if position else CLAUSES[stance]
        return self.fill(self.rng.choice(pool), topic, side)

    def paraphrase_text(self, subject: str, stance: str, topic: str, side: str, position: str | None) -> str:
        """12–35 words of reported speech."""
        verb = self.rng.choice(REPORTING[stance])
        text = f"{subject} {verb} that {self.clause(stance, topic, side, position)}"
        if len(text.split()) < 12 or self.rng.random() < 0.5:
            for _ in range(3):  # a second clause, if one fits in 35 words
                more = self.rng.choice((", adding that ", " and that ", "; asked about timing, they said "))
                more += self.clause(stance, topic, side, None)
                if len((text + more).split()) <= 35:
                    text += more
                    break
        return text + "."

    def partial_text(self, subject: str, stance: str, topic: str, side: str, position: str | None) -> str:
        fragment = POSITION_FRAGMENTS[position] if position else self.rng.choice(FRAGMENTS[stance])
        shape = self.rng.randrange(3)
        if shape == 0:
            return f"{subject} described {self.phrase(topic)} as “{fragment}”."
        clause = self.clause(stance, topic, side, position)
        if shape == 1:
            return f"{subject} said {clause}, calling the latest text “{fragment}”."
        return f"{subject} called the state of the talks on {self.phrase(topic)} “{fragment}” and said {clause}."

    # -- one claim -----------------------------------------------------------------
    def claim(self, index: int, published: dt.date, focus: list[str], local: list[Speaker],
              outlet: str) -> dict:
        rng = self.rng
        position = None
        roll = rng.random()
        if roll < 0.02:
            speaker = Speaker(UNATTRIBUTED[0], UNATTRIBUTED[1], "", "unnamed-source", True)
        elif roll < 0.32:
            speaker = self.unnamed(local)
        else:
            speaker = rng.choices(REGISTRY_SPEAKERS, ACTOR_WEIGHTS)[0]
        if speaker.local and all(s.id != speaker.id for s in local):
            local.append(speaker)
        topic = self.topic(focus)
        if speaker.side in PARTIES and speaker.id != UNATTRIBUTED[0] and rng.random() < 0.26:
            position = self.policy[speaker.side][topic]  # ~15% of all claims: half the speakers are parties
        stance = self.stance(speaker.side)
        if position:
            stance = rng.choice({"demands": ("cautious", "pessimistic", "neutral"),
                                 "accepts": ("optimistic", "cautious"),
                                 "rejects": ("pessimistic", "cautious")}[position])
        # 41% rather than 40% quotes: unattributed claims below are all paraphrases.
        form = rng.choices(("quote", "partial-quote", "paraphrase"), (41, 25, 34))[0]
        if speaker.id == UNATTRIBUTED[0]:
            form = "paraphrase"
            text = f"The article says {self.clause(stance, topic, '', position)}, without saying who said so."
        elif form == "quote":
            text = self.quote_text(stance, topic, position)
        elif form == "partial-quote":
            text = self.partial_text(speaker.name, stance, topic, speaker.side, position)
        else:
            text = self.paraphrase_text(speaker.name, stance, topic, speaker.side, position)
        topics = [topic]
        while len(topics) < 3 and rng.random() < 0.3:
            extra = self.topic(focus)
            if extra not in topics:
                topics.append(extra)
        claim = {"id": f"{speaker.id}-{topic}-{index}", "actor": speaker.id}
        if rng.random() < 0.15:
            claim["described_as"] = speaker.role or speaker.name
        claim["form"] = form
        claim["text"] = text
        earlier = published - dt.timedelta(days=rng.randint(1, 3))
        said_earlier = rng.random() < 0.1 and earlier >= self.start
        if said_earlier:
            claim["said_on"] = earlier
        elif rng.random() < 0.7:  # most remarks are dated by their article; the rest are undated
            claim["said_on"] = published
        if rng.random() < 0.4:
            claim["venue"] = rng.choice(VENUES)
        if rng.random() < 0.4:
            claim["via"] = rng.choice(OUTLETS) if rng.random() < 0.7 else outlet
        claim["sourcing"] = sourcing(speaker, rng)
        claim["stance"] = stance
        claim["topics"] = topics
        if position:
            claim["positions"] = {topic: position}
        if said_earlier and rng.random() < 0.5:
            claim["note"] = f"The article says this was said on {WEEKDAYS[earlier.weekday()]}, before publication."
        return claim

    def unnamed(self, local: list[Speaker]) -> Speaker:
        """An unnamed source: often one already quoted in this article, else a new one."""
        named = [s for s in local if s.id != UNATTRIBUTED[0]]
        if named and (len(named) >= 3 or self.rng.random() < 0.5):
            return self.rng.choice(named)
        ident, name, side = self.rng.choice(UNNAMED_SOURCES)
        return Speaker(ident, name, side, "unnamed-source", True)

    # -- one article ---------------------------------------------------------------
    def article(self, published: dt.date, number: int, outlet: str, focus: list[str],
                today_quotes: list[tuple[str, dict]], slugs: list[str]) -> tuple[str, str]:
        """(file key YYYY-MM-DD-slug, YAML text) of one article; records its quotes in `today_quotes`."""
        rng = self.rng
        local: list[Speaker] = []
        claims = []
        for index in range(1, self.claims_per_article + 1):
            # ~3% of quotes: the same words carried by a second outlet the same day.
            earlier = [(o, c) for o, c in today_quotes if o != outlet] if rng.random() < 0.012 else []
            if earlier:
                source_outlet, original = rng.choice(earlier)
                # Same speaker, same words; the second outlet credits the first.
                claim = {k: v for k, v in original.items() if k not in ("said_on", "note")}
                claim["id"] = f"{original['actor']}-echo-{index}"
                claim["via"] = source_outlet
            else:
                claim = self.claim(index, published, focus, local, outlet)
            claims.append(claim)
        for claim in claims:
            if claim["form"] == "quote" and claim["actor"] in REGISTRY_IDS and "-echo-" not in claim["id"]:
                today_quotes.append((outlet, claim))

        lead = claims[0]
        lead_side = ACTOR_SIDE.get(lead["actor"]) or next((s.side for s in local if s.id == lead["actor"] and s.side),
                                                          "north")
        topic_label = TOPIC_LABEL[lead["topics"][0]].lower()
        if "positions" in lead:
            headline = POSITION_HEADLINES[next(iter(lead["positions"].values()))]
        else:
            headline = rng.choice(HEADLINES[lead["stance"]])
        headline = headline.format(t=topic_label, side=SIDE_NAME[lead_side])
        slug, n = slugify(headline), 1
        while slug in slugs:  # two articles of a day with the same headline
            n += 1
            slug = f"{slugify(headline)}-{n}"
        slugs.append(slug)
        key = f"{published.isoformat()}-{slug}"

        meta: list[tuple[str, str]] = []
        if rng.random() >= 0.05:
            meta.append(("headline", q(headline)))
        if rng.random() < 0.3:
            meta.append(("subheadline", q(f"Delegations met for a further session as {SIDE_NAME[rng.choice(MEDIATORS)]} "
                                          f"pressed for an answer on {self.phrase(focus[0])}.")))
        meta.append(("outlet", q(outlet)))
        if rng.random() < 0.05:
            meta.append(("republished_by", q(rng.choice(REPUBLISHERS))))
        if rng.random() < 0.6:
            meta.append(("byline", q(rng.choice(BYLINES))))
        if rng.random() >= 0.05:
            meta.append(("url", q(f"{URL_BASE}/{slugify(outlet)}/{published:%Y/%m/%d}/{slug}")))
        meta.append(("published", published.isoformat()))
        if rng.random() < 0.02:
            meta.append(("published_precision", "inferred"))
            meta.append(("date_note", q("The page shows no date; inferred from the outlet's daily archive listing.")))
        if rng.random() < 0.1:
            meta.append(("completeness", "partial"))

        caveats = self.caveats(claims, local)
        lines = [f"# Synthetic article {number} of {published.isoformat()} (bench/make_corpus.py); "
                 "every name is fictional.", "article:"]
        lines += [f"  {k}: {v}" for k, v in meta]
        if local:
            lines.append("actors:")
            for s in local:
                lines += [f"  - id: {s.id}", f"    name: {q(s.name)}", f"    kind: {s.kind}"]
                if s.side:
                    lines.append(f"    side: {s.side}")
        lines.append("claims:")
        for claim in claims:
            lines += claim_lines(claim)
        if caveats:
            lines.append("caveats:")
            for kind, text, ids in caveats:
                lines += [f"  - kind: {kind}", f"    text: {q(text)}"]
                if ids:
                    lines.append(f"    claims: {flow(ids)}")
        return key, "\n".join(lines) + "\n"

    def caveats(self, claims: list[dict], local: list[Speaker]) -> list[tuple[str, str, list[str]]]:
        rng = self.rng
        wanted = rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]
        offers: list[tuple[str, str, list[str]]] = []
        unnamed = [c["id"] for c in claims if c["sourcing"] == "unnamed-source"]
        if unnamed:
            offers.append(("unnamed-sources", CAVEAT_TEXTS["unnamed-sources"], unnamed[:4]))
        unattributed = [c["id"] for c in claims if c["sourcing"] == "unattributed"]
        if unattributed:
            offers.append(("attribution-unclear", CAVEAT_TEXTS["attribution-unclear"], unattributed))
        stances = {}
        for c in claims:
            stances.setdefault(c["topics"][0], {}).setdefault(c["stance"], c["id"])
        for by_stance in stances.values():
            if "optimistic" in by_stance and "pessimistic" in by_stance:
                offers.append(("contradiction", CAVEAT_TEXTS["contradiction"],
                               [by_stance["optimistic"], by_stance["pessimistic"]]))
                break
        heard = {c["actor"] for c in claims}
        sides_heard = {a[4] for a in ACTORS if a[0] in heard} | {s.side for s in local}
        silent = [p for p in PARTIES if p not in sides_heard]
        if silent:
            offers.append(("missing-voice", CAVEAT_TEXTS["missing-voice"].format(side=SIDE_NAME[silent[0]]), []))
        for kind in ("single-source", "translation", "outlet-perspective", "other"):
            ids = [rng.choice(claims)["id"]] if kind in ("single-source", "translation") else []
            offers.append((kind, CAVEAT_TEXTS[kind], ids))
        picked = []
        for offer in offers:  # the article's own caveats first, generic ones to make up the number
            if len(picked) < wanted and (offer[0] not in ("single-source", "translation", "outlet-perspective", "other")
                                         or rng.random() < 0.5):
                picked.append(offer)
        return picked

    # -- days ------------------------------------------------------------------------
    def drift(self) -> None:
        for role in self.mood:
            self.mood[role] = max(-1.0, min(1.0, self.mood[role] + self.rng.gauss(0, 0.2)))
        if self.rng.random() < 0.3:
            topic = self.rng.choice(TOPIC_IDS)
            for side in PARTIES:
                if self.policy[side][topic] != "demands":
                    self.policy[side][topic] = self.answer()

    def answer(self) -> str:
        """A party's answer to the other's demand."""
        return self.rng.choices(("rejects", "accepts", "demands"), (4, 4, 2))[0]

    def day_notes(self, date: dt.date, focus: list[str]) -> str:
        m = self.mood["party"]
        status = "breakthrough" if m > 0.7 else "active" if m > 0 else "stalled" if m > -0.7 else "collapsed"
        trend = self.rng.choice(("towards", "away", "unchanged", "mixed"))
        lines = [f"# Synthetic editor's notes for {date.isoformat()} (bench/make_corpus.py).", "day:",
                 f"  status: {status}"]
        if self.rng.random() < 0.7:
            lines.append(f"  state: {q(f'The parties are still apart on {TOPIC_LABEL[focus[0]].lower()}.')}")
            lines.append(f"  trend: {trend}")
            lines += ["  summary: |",
                      f"    Delegations met again; **{TOPIC_LABEL[focus[0]]}** and {TOPIC_LABEL[focus[1]].lower()}",
                      "    dominated the day. See [the mediators' note]"
                      f"({URL_BASE}/notes/{date:%Y/%m/%d}/mediators)."]
        return "\n".join(lines) + "\n"

    def files(self) -> Iterator[tuple[str, str]]:
        """(relative path, text) for every file, in a fixed order."""
        for name, text in registries().items():
            yield name, text
        for d in range(self.days):
            date = self.start + dt.timedelta(days=d)
            self.drift()
            focus = self.rng.sample(TOPIC_IDS, 3)
            if len(OUTLETS) >= self.articles_per_day:
                outlets = self.rng.sample(OUTLETS, self.articles_per_day)
            else:
                outlets = [self.rng.choice(OUTLETS) for _ in range(self.articles_per_day)]
            today_quotes: list[tuple[str, dict]] = []
            slugs: list[str] = []
            for number, outlet in enumerate(outlets, 1):
                key, text = self.article(date, number, outlet, focus, today_quotes, slugs)
                yield f"articles/{date:%Y/%m}/{key}.yaml", text
            if d % 30 == 9 or d == self.days - 1:  # a few editor's notes, one on the latest day
                yield f"days/{date.isoformat()}.yaml", self.day_notes(date, focus)


def sourcing(speaker: Speaker, rng: random.Random) -> str:
    if speaker.id == UNATTRIBUTED[0]:
        return "unattributed"
    if speaker.local:
        return "unnamed-source"
    if speaker.kind == "organisation":
        return "official-statement" if rng.random() < 0.85 else "on-record"
    return "on-record" if rng.random() < 0.93 else "official-statement"


def write_corpus(out: Path, days: int, articles_per_day: int, claims_per_article: int, seed: int,
                 start: dt.date) -> Counts:
    counts = Counts()
    maker = CorpusMaker(seed, start, days, articles_per_day, claims_per_article)
    made: set[Path] = set()
    for relpath, text in maker.files():
        path = out / relpath
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        counts.files += 1
        counts.bytes += len(data)
        if relpath.startswith("articles/"):
            counts.articles += 1
            counts.claims += claims_per_article
        elif relpath.startswith("days/"):
            counts.day_notes += 1
    return counts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Write a large fictional briefings corpus for benchmarks.")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="directory to write (must be empty or new)")
    parser.add_argument("--preset", choices=sorted(PRESETS),
                        help="month = 30 days, year = 365 days, 10k = 1,000 days (all 10 articles × 10 claims a day)")
    parser.add_argument("--days", type=int, help=f"days with articles (default {DEFAULTS['days']})")
    parser.add_argument("--articles-per-day", type=int, help=f"default {DEFAULTS['articles_per_day']}")
    parser.add_argument("--claims-per-article", type=int, help=f"default {DEFAULTS['claims_per_article']}")
    parser.add_argument("--seed", type=int, help=f"random seed (default {DEFAULTS['seed']})")
    parser.add_argument("--start", help=f"first day, YYYY-MM-DD (default {DEFAULTS['start']})")
    parser.add_argument("--force", action="store_true",
                        help="replace a corpus already in OUT_DIR (removes its registries, articles/ and days/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = {**DEFAULTS, **PRESETS.get(args.preset, {})}
    for name in ("days", "articles_per_day", "claims_per_article", "seed", "start"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    try:
        start = dt.date.fromisoformat(settings["start"])
    except ValueError:
        parser.error(f"--start {settings['start']!r} is not a date YYYY-MM-DD")
    if settings["days"] < 1 or settings["articles_per_day"] < 1 or settings["claims_per_article"] < 1:
        parser.error("--days, --articles-per-day and --claims-per-article must be at least 1")
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} is not empty (use --force to replace the corpus in it)")
        for name in ("sides.yaml", "topics.yaml", "actors.yaml"):
            (out / name).unlink(missing_ok=True)
        for name in ("articles", "days"):
            shutil.rmtree(out / name, ignore_errors=True)

    started = time.perf_counter()
    counts = write_corpus(out, settings["days"], settings["articles_per_day"], settings["claims_per_article"],
                          settings["seed"], start)
    elapsed = time.perf_counter() - started
    print(f"make_corpus: {counts.files:,} files ({counts.articles:,} articles, {counts.claims:,} claims, "
          f"{counts.day_notes} day notes), {counts.bytes:,} bytes in {elapsed:.2f} s → {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
