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

# One event, three German outlets in their own words and an English wire report: a regional train
# derails near Garmisch-Partenkirchen (early June 2022). Written for the tests, not copied.
DERAIL_BR = """Zugunglück bei Garmisch-Partenkirchen: Mindestens vier Tote

Bei einem schweren Zugunglück im Landkreis Garmisch-Partenkirchen sind am Freitagmittag mindestens vier Menschen ums Leben gekommen. Ein Regionalzug auf dem Weg nach München ist kurz nach der Abfahrt im Ortsteil Burgrain entgleist, teilte das Polizeipräsidium Oberbayern Süd mit. Mehrere Waggons stürzten eine Böschung hinunter.

Nach ersten Angaben wurden rund 60 Fahrgäste verletzt, 15 von ihnen schwer. Hunderte Einsatzkräfte von Feuerwehr, Rotem Kreuz, Bergwacht und Technischem Hilfswerk waren vor Ort, mehrere Rettungshubschrauber flogen Verletzte in Kliniken nach Murnau, Garmisch und München. Weil an diesem Tag die Pfingstferien begannen, war der Zug gut besetzt, darunter viele Schüler.

Die Ursache ist noch unklar. Die Bundespolizei und die Staatsanwaltschaft München II haben die Ermittlungen aufgenommen. Die Strecke zwischen Garmisch-Partenkirchen und Oberau bleibt bis auf Weiteres gesperrt; die Deutsche Bahn richtete einen Ersatzverkehr mit Bussen ein."""

DERAIL_SZ = """Regionalbahn verunglückt im Werdenfelser Land

Es ist kurz nach zwölf Uhr, als der Doppelstockzug der Regionalbahn 59458 hinter dem Bahnhof von Garmisch-Partenkirchen aus den Gleisen springt. In einer leichten Kurve bei Burgrain kippen drei Wagen um und rutschen den Bahndamm hinab, Fenster zerbersten, Fahrgäste werden durch die Abteile geschleudert. Vier Menschen sterben, Dutzende werden verletzt, manche lebensgefährlich.

Anwohner eilten mit Leitern und Decken zur Unglücksstelle, noch bevor die ersten Retter eintrafen. Der bayerische Ministerpräsident Markus Söder sprach am Nachmittag von einem „Tag der Trauer“ und reiste ins Loisachtal. Bundesverkehrsminister Volker Wissing kündigte eine lückenlose Aufklärung an.

Ermittler prüfen nun, ob ein Schaden an den Schienen oder am Fahrzeug das Unglück ausgelöst hat. Ein Sabotageakt gilt nach ersten Erkenntnissen als unwahrscheinlich. Die Bahnlinie nach München dürfte mehrere Tage gesperrt bleiben, schwere Kräne müssen die Waggons bergen."""

DERAIL_MERKUR = """Schweres Bahnunglück in Burgrain: Zug aus den Schienen gesprungen

Garmisch-Partenkirchen – Entsetzen am Freitag im Landkreis: Zwischen Garmisch und Oberau ist ein voll besetzter Regionalzug entgleist. Nach Angaben der Polizei kamen mindestens vier Menschen ums Leben. Etwa 60 Personen erlitten Verletzungen, mehr als ein Dutzend schwebt in Lebensgefahr.

Die Rettungskräfte arbeiteten sich stundenlang durch die umgestürzten Waggons. Die Feuerwehren aus Garmisch-Partenkirchen, Farchant und Oberau waren ebenso im Großeinsatz wie die Bergwacht und das THW. Eine Notfallseelsorge kümmerte sich um Angehörige und unverletzte Fahrgäste in einer Turnhalle. Landrat Anton Speer zeigte sich tief erschüttert.

Warum der Zug entgleiste, steht noch nicht fest. Gutachter sollen Gleise und Fahrzeug untersuchen. Pendler müssen sich auf längere Einschränkungen einstellen: Die Werdenfelsbahn bleibt zwischen Garmisch-Partenkirchen und Oberau gesperrt, die Bahn setzt Busse ein."""

DERAIL_EN = """Train derails in Bavarian Alps, killing at least four

A regional train carrying dozens of passengers came off the tracks on Friday near the Alpine resort of Garmisch-Partenkirchen in southern Germany, killing at least four people and injuring around 60, police said.

Several double-decker carriages overturned and slid down an embankment shortly after the train left the station on its way to Munich. Helicopters airlifted the seriously injured to hospitals across Bavaria while hundreds of firefighters and rescue workers searched the wreckage. Many of those on board were students heading home at the start of a school holiday.

Investigators have not yet said what caused the crash. Prosecutors said there was no indication of sabotage. The line between Garmisch-Partenkirchen and Oberau will remain closed for several days, Deutsche Bahn said."""

# Unrelated accident in the same region and week, and an English report from elsewhere.
BUS_CRASH_DE = """Reisebus kommt auf der A8 bei Holzkirchen von der Fahrbahn ab

Auf der Autobahn 8 zwischen Holzkirchen und Weyarn ist am Sonntagmorgen ein Reisebus mit 42 Urlaubern von der Fahrbahn abgekommen und in den Graben gerutscht. Elf Insassen wurden leicht verletzt, wie die Verkehrspolizei Holzkirchen mitteilte. Der Busfahrer war nach eigenen Angaben kurz eingeschlafen. Die Autobahn war in Richtung Salzburg für drei Stunden gesperrt, es bildete sich ein kilometerlanger Stau."""

FERRY_EN = """Ferry runs aground off Greek island, passengers evacuated

A passenger ferry with 280 people on board ran aground off the Greek island of Paros on Saturday, the coast guard said. All passengers were taken off by smaller boats and brought to the port of Parikia; nobody was hurt. Divers were inspecting the hull for damage, and the operator said the ship's captain had reported a steering failure shortly before the accident."""
