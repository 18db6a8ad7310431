"""Hand-written news articles for the story-engine tests (realistic, not copied from any outlet)."""

from __future__ import annotations

# One event, two languages: the CSTO pull-out from Kazakhstan, January 2022.
CSTO_DE = """Die von Russland geführte Militärallianz OVKS hat am Donnerstag mit dem Abzug ihrer Truppen aus Kasachstan begonnen. Das teilte das Verteidigungsministerium in Moskau mit.

Präsident Kassym-Schomart Tokajew hatte die Organisation des Vertrags über kollektive Sicherheit in der vergangenen Woche um Hilfe gebeten, nachdem Proteste gegen höhere Gaspreise in Almaty und anderen Städten in Gewalt umgeschlagen waren. Nach Angaben der Regierung kamen 164 Menschen ums Leben, fast 10.000 wurden festgenommen.

Verteidigungsminister Sergej Schoigu sagte, der Rückzug der 2.030 Soldaten werde bis zum 19. Januar abgeschlossen sein. Tokajew dankte Putin in einem Telefonat für die schnelle Hilfe. Die OVKS-Truppen hatten in Almaty Flughafen und Regierungsgebäude bewacht."""

CSTO_EN = """The Russia-led Collective Security Treaty Organization (CSTO) began pulling its troops out of Kazakhstan on Thursday, the defence ministry in Moscow said.

President Kassym-Jomart Tokayev asked the CSTO for help last week after protests over a rise in gas prices turned violent in Almaty and other cities. According to the government, 164 people were killed and almost 10,000 detained.

Defence Minister Sergei Shoigu said the withdrawal of the 2,030 soldiers would be completed by January 19. Tokayev thanked Putin in a phone call for the swift help. CSTO troops had guarded the airport and government buildings in Almaty."""

# Another Kazakh story of the same month: energy, no unrest.
KZ_ENERGY_EN = """Kazakhstan's state oil company KazMunayGas and Chevron agreed on Tuesday to extend the expansion of the Tengiz oil field, the energy ministry in Nur-Sultan said.

The project will raise output at Tengiz by about 260,000 barrels a day from 2023, KazMunayGas chief executive Magzum Mirzagaliyev told reporters. Chevron holds a 50 percent stake in the Tengizchevroil venture, ExxonMobil 25 percent.

Kazakhstan exports most of its crude through the Caspian Pipeline Consortium to the Black Sea port of Novorossiysk. Analysts at Fitch said the deal would lift oil revenue over the next decade."""

# Same country, German, other topic: football.
KZ_FOOTBALL_DE = """Der kasachische Meister FC Astana hat den Brasilianer Marcos Paulo verpflichtet. Der 27 Jahre alte Stürmer kommt vom portugiesischen Erstligisten Moreirense und unterschreibt einen Vertrag bis 2024, wie der Verein in Nur-Sultan mitteilte.

Astana will in der Qualifikation zur Champions League im Sommer die Gruppenphase erreichen. Trainer Srdjan Blagojevic lobte die Schnelligkeit des Neuzugangs. Die Saison in der Premjer-Liga beginnt im März."""

# Unrelated German article of the same month as the seeds.
BUNDESLIGA_DE = """Der FC Bayern München hat sein Heimspiel gegen den 1. FC Köln mit 4:0 gewonnen und die Tabellenführung in der Fußball-Bundesliga ausgebaut. Robert Lewandowski traf in der Allianz Arena dreimal, Thomas Müller erzielte das vierte Tor.

Trainer Julian Nagelsmann lobte nach dem Abpfiff die Konzentration seiner Mannschaft. Kölns Trainer Steffen Baumgart sprach von einer verdienten Niederlage. Die Münchner haben nun neun Punkte Vorsprung vor Borussia Dortmund, das am Sonntag beim SC Freiburg antritt."""

INFLATION_DE = """Die Inflation in Deutschland ist im Dezember auf 5,3 Prozent gestiegen. Das teilte das Statistische Bundesamt in Wiesbaden mit. Vor allem Energie war deutlich teurer als ein Jahr zuvor: Heizöl und Kraftstoffe kosteten mehr als 20 Prozent mehr.

Im Jahresdurchschnitt 2021 lagen die Verbraucherpreise um 3,1 Prozent höher als 2020, so stark wie seit fast 30 Jahren nicht mehr. Ökonomen erwarten, dass die Teuerung 2022 langsam nachlässt. Die Europäische Zentralbank hält bislang an ihrer lockeren Geldpolitik fest."""

# Hand-built entity keys as the entity component would give them (language-independent).
CSTO_ENTITIES = ["org:csto", "loc:iso:KZ", "per:tokayev", "loc:geonames:1526384", "per:shoigu", "per:putin",
                 "loc:iso:RU"]
KZ_ENERGY_ENTITIES = ["org:kazmunaygas", "org:chevron", "loc:iso:KZ", "loc:tengiz", "org:exxonmobil",
                      "loc:geonames:1526273"]
KZ_FOOTBALL_ENTITIES = ["org:fc-astana", "per:marcos-paulo", "loc:iso:KZ", "loc:geonames:1526273"]
