"""A deterministic mix of news articles for throughput benchmarks (synthetic text).

About a third of the articles report on the wars in Libya or Syria, in the way wire copy
does: a few sentences naming outside backers and the factions they back or fight, many
more sentences of background, casualty figures, quotes and economics. The rest is other
news (sport, business, weather, science, local politics), some of it naming countries
("France beat Italy", "Turkey's central bank") as ordinary news does. Articles run from
about 300 to 600 words. The same seed always gives the same articles.

    python bench/news_mix.py --articles 5 --seed 1      # print them as JSON Lines
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

CONFLICT_SHARE = 1 / 3
MIN_WORDS, MAX_WORDS = 300, 600
OUTLET = "Synthetic Wire (benchmark data)"

SLOTS = {
    "libya_city": ["Tripoli", "Benghazi", "Sirte", "Misrata", "Tarhuna", "Gharyan", "al-Jufra"],
    "syria_city": ["Idlib", "Aleppo", "Raqqa", "Deir ez-Zor", "Afrin", "Manbij", "Daraa", "Homs"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "month": ["January", "March", "April", "June", "August", "October", "November"],
    "town": ["Ashford", "Millbrook", "Carden", "Westfield", "Harlow Green", "Stonebridge"],
    "team": ["Rovers", "United", "Athletic", "City", "Wanderers", "Albion", "Rangers"],
    "company": ["Norland Foods", "Vexa Systems", "Harbour Freight", "Quill Media", "Orrin Steel"],
    "person": ["Maria Lopez", "James Okafor", "Anna Berg", "Tom Reilly", "Sara Haddad", "Li Wei"],
    "sector": ["retail", "construction", "shipping", "software", "farming", "tourism"],
    "species": ["beetle", "orchid", "frog", "bat", "moss", "salamander"],
}

LIBYA_CLAIMS = [
    "Turkey sent armed drones and military advisers to the Government of National Accord in "
    "{month}, officials in Tripoli said, helping its forces push back an offensive by Khalifa "
    "Haftar's Libyan National Army on the capital.",
    "Russia, along with the United Arab Emirates and Egypt, backs the LNA, according to a "
    "confidential report by a panel of UN experts seen by reporters this week.",
    "Mercenaries from the Wagner Group have fought alongside Haftar's forces near Sirte since "
    "last year, a spokesman for the US military's Africa Command said on {weekday}.",
    "The United Arab Emirates reportedly carried out air strikes on {libya_city} in support of "
    "the LNA, killing at least {n} fighters loyal to the government in Tripoli.",
    "Ankara signed a security and military cooperation agreement with the GNA, and the Turkish "
    "parliament later approved sending troops to Libya to defend the internationally "
    "recognised government.",
    "Egypt's parliament authorised the deployment of troops abroad after President Abdel "
    "Fattah al-Sisi warned that Cairo would not stand idle if GNA forces advanced on Sirte.",
    "France denied arming Haftar after US-made anti-tank missiles bought by Paris were found "
    "at a base in Gharyan that the LNA had used as a forward command post.",
    "Qatar has long funded armed groups allied with the government in Tripoli, diplomats say, "
    "while Doha insists its aid to Libya is humanitarian.",
    "Turkish drones struck an LNA supply convoy south of {libya_city} on {weekday}, the GNA's "
    "military spokesman said.",
    "The LNA shelled Mitiga airport in Tripoli for the third time this month, forcing flights "
    "to be diverted to Misrata.",
    "A Russian cargo plane landed at al-Jufra air base carrying fighter jets for Haftar's "
    "forces, according to satellite images published by the US military.",
    "Italy trained and equipped the Libyan coast guard and has supported the government in "
    "Tripoli in talks with the European Union over migration.",
]
SYRIA_CLAIMS = [
    "Russian warplanes struck rebel-held areas of {syria_city} on {weekday}, a monitoring group "
    "said, as government forces pressed an offensive against the Syrian opposition.",
    "Iran has sent thousands of fighters and military advisers to support Bashar al-Assad's "
    "government, according to Western officials and opposition activists.",
    "Hezbollah fighters fought alongside Syrian government troops in the battle for Qusayr, "
    "the group's leader acknowledged in a televised speech.",
    "The United States armed the Syrian Democratic Forces for the assault on Raqqa, the de "
    "facto capital of the Islamic State's self-declared caliphate.",
    "Turkey launched a military offensive against the SDF in northeast Syria on {weekday}, "
    "days after Washington pulled its troops back from the border.",
    "Turkish-backed rebels captured Afrin from the Kurdish-led YPG after a two-month campaign "
    "that displaced tens of thousands of residents.",
    "Qatar and Saudi Arabia funded rebel groups fighting Assad's forces in the north, while "
    "Jordan allowed weapons to cross its border into Daraa, officials said.",
    "Russia vetoed a UN Security Council resolution condemning the Syrian government over a "
    "chemical attack on Douma, its twelfth veto on Syria since the war began.",
    "The Global Coalition against ISIS carried out {n} air strikes on Islamic State positions "
    "near Deir ez-Zor in the past week, the coalition said in a statement.",
    "Iran-backed militias reinforced government positions around {syria_city}, according to "
    "the Syrian Observatory for Human Rights.",
    "Israel struck what it called Iranian weapons depots near Damascus overnight, the Israeli "
    "military said.",
    "The European Union imposed new sanctions on the Assad government, freezing the assets of "
    "{n} officials and businessmen accused of financing the war.",
]
LIBYA_BACKGROUND = [
    "Residents of {libya_city} described long queues for fuel and power cuts lasting up to "
    "{n} hours a day, even as the city's oil terminals kept exporting.",
    "Oil production, the country's main source of revenue, fell to about {n}0,000 barrels a "
    "day after armed groups closed fields in the south, the national oil company said.",
    "The fighting has forced more than {n},000 people from their homes in the southern "
    "suburbs of the capital, according to aid agencies working in the area.",
    "Hospitals in {libya_city} said they were running short of anaesthetics and blood bags, "
    "and that several doctors had left for Tunisia.",
    "Talks on a ceasefire, held in Geneva under the auspices of the UN mission, stalled on "
    "{weekday} over the withdrawal of foreign fighters and the fate of the central bank.",
    "Migrants held in detention centres near the front line were moved to safer facilities "
    "after a strike on one of them killed dozens of people last summer.",
    "Analysts say the conflict has become a contest between regional powers, each protecting "
    "its own interests in the eastern Mediterranean and in Libya's oil wealth.",
    "A spokesman for the municipal council said schools would stay closed until the end of "
    "{month} because several buildings were sheltering displaced families.",
]
SYRIA_BACKGROUND = [
    "Aid agencies said some {n}0,000 people had fled {syria_city} in the past month, many of "
    "them sleeping in olive groves near the Turkish border in freezing temperatures.",
    "The Syrian pound lost a further {n} percent of its value against the dollar on the black "
    "market, pushing up the price of bread and cooking gas.",
    "The war, now in its {nth} year, has killed hundreds of thousands of people and displaced "
    "half of the country's pre-war population, according to UN figures.",
    "Doctors in {syria_city} said the last functioning hospital in the area had been damaged "
    "and that patients were being treated in basements.",
    "A cholera outbreak has spread through camps for displaced people in the north-east, the "
    "World Health Organization warned on {weekday}.",
    "Negotiations on a new constitution, meeting in Geneva, ended without agreement for the "
    "{nth} time, the UN envoy told journalists.",
    "Farmers in the Euphrates valley said the drought and the cost of diesel had halved their "
    "wheat harvest, adding to fears of a food crisis next winter.",
    "Reconstruction remains a distant prospect: the World Bank estimates the damage at "
    "hundreds of billions of dollars, and few donors are willing to pay.",
]
QUOTES = [
    '"We have nothing left to lose," said a {n}-year-old resident who gave only his first '
    'name for fear of reprisals. "Every night we hear the planes and wait."',
    '"The situation on the ground is deteriorating by the hour," a UN humanitarian official '
    "said, calling on all parties to respect international humanitarian law.",
    '"There is no military solution to this conflict," a European diplomat said, speaking on '
    "condition of anonymity because the talks were confidential.",
]

OTHER = {
    "sport": {
        "titles": ["{team} edge {team2} in late thriller", "Coach hails squad depth after win"],
        "paragraphs": [
            "{team} beat {team2} {g1}-{g2} on {weekday} night, with a header in the {minute}th "
            "minute sealing a result that lifts them to third in the table.",
            "The visitors dominated possession in the first half but struggled to turn it into "
            "chances, and their captain limped off shortly before the break.",
            '"The lads showed real character," the manager said afterwards. "We were second '
            'best for long spells, but we stuck at it and got our reward."',
            "Attendance was {n},000, the highest of the season, and supporters stayed long after "
            "the final whistle to applaud the players.",
            "In the international friendly, France beat Italy 2-1 in Paris, while Egypt drew "
            "with Morocco in a warm-up match ahead of the continental championship.",
            "The club confirmed that its new training ground would open in {month}, two years "
            "later than planned because of planning disputes with the local council.",
            "Injuries remain a concern: three first-team players are out for at least a month "
            "and a fourth is doubtful for the cup tie next week.",
            "Next up for the league leaders is a trip to {team2}, who have not lost at home "
            "since {month} and who will be backed by a capacity crowd.",
        ],
    },
    "business": {
        "titles": ["{company} profit beats forecasts", "Factory orders slow as costs bite"],
        "paragraphs": [
            "Shares in {company} rose {n} percent in early trading after the group reported "
            "quarterly profit well above analysts' forecasts and raised its dividend.",
            "The company said demand in its {sector} division had held up better than expected, "
            "although higher energy and wage costs squeezed margins in the second half.",
            "Turkey's central bank raised its main interest rate by {n} percentage points on "
            "{weekday}, its third increase this year, to fight inflation running above 40 percent.",
            "Economists expect growth to slow next year as higher borrowing costs weigh on "
            "household spending and business investment, a survey of forecasters showed.",
            "{person}, the chief executive, told analysts on a conference call that the group "
            "would cut {n}00 jobs and close two warehouses to save costs.",
            "Oil prices fell for a third day as traders weighed rising US inventories against "
            "production cuts agreed by OPEC and its allies, including Russia.",
            "Retail sales grew {n}.{g1} percent from a year earlier, the statistics office said, "
            "helped by discounting ahead of the holiday season.",
            "The merger still needs approval from competition authorities in the European Union, "
            "which opened an in-depth review in {month}.",
        ],
    },
    "weather": {
        "titles": ["Storm brings flooding to coastal towns", "Heatwave to last into next week"],
        "paragraphs": [
            "Heavy rain and gusts of up to {n}0 kilometres an hour hit coastal areas on "
            "{weekday}, flooding roads and cutting power to thousands of homes in {town}.",
            "Forecasters issued an amber warning for the weekend, saying a further {n}0 "
            "millimetres of rain could fall on already saturated ground.",
            "Temperatures reached {n}4 degrees in the afternoon, the highest recorded this early "
            "in the year, and health officials urged older people to stay indoors.",
            "Emergency services rescued {n} people from cars trapped in floodwater overnight; no "
            "serious injuries were reported.",
            "Farmers said the dry spring had already damaged crops and that another week of heat "
            "would force them to bring forward the harvest.",
            "The national weather service said the pattern was consistent with a warming climate "
            "and that such events were becoming more frequent.",
            "Rail operators cancelled services on several lines after trees fell on the tracks, "
            "and ferries between the islands were suspended until further notice.",
        ],
    },
    "science": {
        "titles": ["New {species} species found in mountain forest", "Study links sleep to memory"],
        "paragraphs": [
            "Researchers have described a new species of {species} from a remote mountain forest, "
            "the first to be found in the region for more than {n}0 years.",
            "The team, led by {person}, collected samples over three field seasons and confirmed "
            "the find by sequencing the animals' DNA.",
            "A study published on {weekday} found that people who slept fewer than six hours a "
            "night performed worse on memory tests, even after a single bad night.",
            "The authors caution that the sample was small, {n}00 volunteers, and that the "
            "results need to be repeated in larger and more varied groups.",
            "The space agency said its probe had completed a close pass of the asteroid and sent "
            "back images showing boulders the size of houses.",
            "Funding for the project came from a European Union research grant and from a "
            "private foundation that supports work on biodiversity.",
            '"It shows how much we still have to learn about our own backyard," {person} said. '
            '"Every survey turns up something we did not expect."',
        ],
    },
    "local": {
        "titles": ["Council approves new housing plan", "{town} votes on library closures"],
        "paragraphs": [
            "{town} council voted {n}-{g1} on {weekday} to back a plan for {n}00 new homes on the "
            "site of a former paper mill, despite objections from residents.",
            "Opponents say the roads cannot take the extra traffic and that the plan includes too "
            "few affordable homes; supporters say the town badly needs housing.",
            "The mayor, {person}, said the decision was the hardest of her term and promised that "
            "developers would pay for a new primary school and a bus route.",
            "A public consultation on the future of the town's three libraries drew more than "
            "{n},000 responses, the largest number the council has ever received.",
            "Councillors also approved a rise of {g1} percent in local taxes to cover the cost of "
            "social care, which now takes almost half of the budget.",
            "The opposition group on the council said it would call in the decision for review "
            "and accused the leadership of rushing the vote.",
            "Work on the new bridge over the river is expected to start in {month} and to take "
            "about two years, with one lane kept open throughout.",
        ],
    },
}


def _fill(template: str, rng: random.Random) -> str:
    values = {name: rng.choice(options) for name, options in SLOTS.items()}
    values["team2"] = rng.choice([t for t in SLOTS["team"] if t != values["team"]])
    values.update(
        n=rng.randint(2, 9),
        g1=rng.randint(0, 4),
        g2=rng.randint(0, 3),
        minute=rng.randint(46, 89),
        nth=rng.choice(["tenth", "eleventh", "twelfth", "ninth"]),
    )
    return template.format(**values)


def _body(pools: list[tuple[list[str], float]], rng: random.Random) -> str:
    """Paragraphs drawn from weighted pools until the article reaches its length."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    paragraphs: list[str] = []
    words = 0
    used: set[str] = set()
    while words < target:
        pool = rng.choices([p for p, _ in pools], weights=[w for _, w in pools])[0]
        template = rng.choice(pool)
        if template in used and len(used) < sum(len(p) for p, _ in pools):
            continue
        used.add(template)
        text = _fill(template, rng)
        paragraphs.append(text)
        words += len(text.split())
    return "\n\n".join(paragraphs)


def _conflict_article(rng: random.Random, day: date) -> dict:
    theater = rng.choice(["Libya", "Syria"])
    claims, background = (
        (LIBYA_CLAIMS, LIBYA_BACKGROUND) if theater == "Libya" else (SYRIA_CLAIMS, SYRIA_BACKGROUND)
    )
    city = rng.choice(SLOTS["libya_city" if theater == "Libya" else "syria_city"])
    dateline = f"{city.upper()}, {day.strftime('%B')} {day.day} (Synthetic Wire) - "
    body = _body([(claims, 0.35), (background, 0.5), (QUOTES, 0.15)], rng)
    title = f"{theater}: {rng.choice(['fighting flares', 'foreign backers', 'talks stall'])}"
    return {"title": title, "date": day.isoformat(), "text": dateline + body, "topic": theater}


def _other_article(rng: random.Random, day: date) -> dict:
    topic = rng.choice(sorted(OTHER))
    spec = OTHER[topic]
    title = _fill(rng.choice(spec["titles"]), rng)
    return {
        "title": title,
        "date": day.isoformat(),
        "text": _body([(spec["paragraphs"], 1.0)], rng),
        "topic": topic,
    }


def news_mix(n: int, *, seed: int = 0) -> list[dict]:
    """`n` articles (dicts with title, date, text, outlet, url, topic); a third on the wars."""
    rng = random.Random(seed)
    first = date(2011, 3, 1)
    n_conflict = round(n * CONFLICT_SHARE)
    kinds = [True] * n_conflict + [False] * (n - n_conflict)
    rng.shuffle(kinds)
    out = []
    for i, conflict in enumerate(kinds):
        day = first + timedelta(days=rng.randint(0, 13 * 365))
        article = _conflict_article(rng, day) if conflict else _other_article(rng, day)
        article["title"] = f"{article['title']} ({i + 1})"
        article["outlet"] = OUTLET
        article["url"] = f"https://example.org/synthetic/{seed}/{i + 1}"
        out.append(article)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for article in news_mix(args.articles, seed=args.seed):
        print(json.dumps(article, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
