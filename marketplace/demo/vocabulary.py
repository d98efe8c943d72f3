"""Word material for demo data: posting and profile texts, names of employers, schools and places.

Only data lives here; `marketplace.demo.generator` picks and fills it. Templates use `str.format`
fields:
  {title} {Title}   occupation label in a sentence (lower case unless an acronym) / as a heading
  {title_en}        the English label;  {title_task} the label as a task ("kokki-tehtävään")
  {org}             employer name
  {city} {city_in}  municipality name, and with a place ending ("Tampereella")
  {town_in} {town_gen}  the same for a jobseeker's home town, and in the genitive ("Tampereen")
  {region_gen}      region in the genitive ("Pirkanmaan")
  {skills} {desired}  skill labels joined with commas and "ja";  {skill_a} {skill_b} single ones
  {years} {since}   years of experience, and the year the career began
  {trait}           a relative clause describing the person ("viihtyy ihmisten parissa")
  {founded} {staff} {units} {revenue} {clients}  figures about the employer
  {deadline} {contact} {phone} {domain}  application details
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldTexts:
    """Sentences typical of one occupational field."""

    intros: tuple[str, ...]
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    offers: tuple[str, ...]
    company: tuple[str, ...]
    employer_words: tuple[str, ...]
    traits: tuple[str, ...]
    experience: tuple[str, ...]
    work_descriptions: tuple[str, ...]
    degrees: tuple[str, ...]
    salaries: tuple[str, ...]


# --- shared posting sentences --------------------------------------------------------------

INTROS_COMMON: tuple[str, ...] = (
    "Haemme joukkoomme uutta työntekijää {title_task}.",
    "Nyt haussa: {title}, {city}.",
    "Etsimme osaavaa ja innostunutta tekijää {title_task} {city_in}.",
    "Tule meille töihin! Haemme {title_task} tekijää, joka haluaa kehittyä kanssamme.",
    "Rekrytoimme nyt {title_task} {city_in}.",
    "Haemme {title_task} luotettavaa ja oma-aloitteista työntekijää.",
)

DUTY_HEADINGS: tuple[str, ...] = ("Tehtävät", "Tehtäviisi kuuluu", "Työtehtävät", "Toimenkuva")
REQUIREMENT_HEADINGS: tuple[str, ...] = ("Odotamme sinulta", "Edellytämme", "Odotamme")
OFFER_HEADINGS: tuple[str, ...] = ("Tarjoamme", "Tarjoamme sinulle")
COMPANY_HEADINGS: tuple[str, ...] = ("Meistä", "Tietoa meistä", "Tietoa yrityksestä")

SKILL_REQUIREMENTS: tuple[str, ...] = (
    "Sinulla on osaamista seuraavista: {skills}.",
    "Edellytämme osaamista näistä: {skills}.",
    "Työssä tarvitset osaamista seuraavista: {skills}.",
)
DESIRED_SKILLS: tuple[str, ...] = (
    "Katsomme eduksi kokemuksen seuraavista: {skills}.",
    "Eduksi on osaaminen seuraavista: {skills}.",
    "Hakijalta toivomme lisäksi osaamista näistä: {skills}.",
)
LANGUAGE_REQUIREMENTS: dict[str, str] = {
    "fi": "Tehtävässä edellytetään hyvää suomen kielen taitoa.",
    "sv": "Tehtävässä tarvitset myös ruotsin kieltä, sillä asiakkainamme on paljon "
    "ruotsinkielisiä.",
    "en": "Työkielenä on usein englanti, joten sujuva englannin taito on tarpeen.",
}
LICENCE_REQUIREMENT = "Tehtävä edellyttää voimassa olevaa korttia tai lupaa: {licences}."

HOW_TO_APPLY: tuple[str, ...] = (
    "Hae viimeistään {deadline} sähköisellä lomakkeella. Lisätietoja antaa {contact}, "
    "puh. {phone}.",
    "Lähetä hakemuksesi ja CV:si {deadline} mennessä osoitteeseen rekry@{domain}.",
    "Hae työpaikkaa {deadline} mennessä verkkosivujemme kautta. Haastattelemme hakijoita jo "
    "hakuaikana.",
    "Hakemukset pyydämme {deadline} mennessä. Kysy lisää: {contact}, puh. {phone}.",
)
HOW_TO_APPLY_EN: tuple[str, ...] = (
    "Apply by {deadline} through our careers site. Questions: {contact}, {phone}.",
    "Send your application and CV to careers@{domain} by {deadline}.",
)

# Everyday benefits that fit any field; each field adds its own.
OFFERS_COMMON: tuple[str, ...] = (
    "Tarjoamme perehdytyksen, mukavat työkaverit ja kattavan työterveyshuollon.",
    "Saat käyttöösi liikunta- ja kulttuurietuuden sekä lounasedun.",
    "Meillä pääset kehittymään ja kouluttautumaan työn ohessa.",
    "Työsuhdepyörä ja joustavat työajat kuuluvat etuihimme.",
)

COMPANY_COMMON: tuple[str, ...] = (
    "{org} on vuonna {founded} perustettu yritys, jonka päätoimipaikka on {city_in}.",
    "Olemme kotimainen perheyritys, jota johtaa jo toinen sukupolvi.",
    "Meillä työskentelee noin {staff} ammattilaista {units} toimipisteessä.",
    "Yrityksemme liikevaihto oli viime vuonna noin {revenue} miljoonaa euroa.",
    "Toimimme {region_gen} alueella ja asiakkaitamme ovat niin yritykset kuin yksityiset ihmiset.",
    "Yhtiömme arvoja ovat avoimuus, vastuullisuus ja asiakkaan arvostaminen.",
)

SALARIES_COMMON: tuple[str, ...] = (
    "Työehtosopimuksen mukainen",
    "TES:n mukainen palkka",
    "Palkkaus kokemuksen ja osaamisen mukaan",
    "Sovitaan haastattelussa",
)

# --- per-field material ----------------------------------------------------------------------

HEALTH = FieldTexts(
    intros=(
        "Haemme {city_in} toimivaan yksikköömme osaavaa ammattilaista {title_task}.",
        "Etsimme osastollemme sinua, jolle potilaan hyvä hoito on sydämen asia.",
    ),
    duties=(
        "Vastaat potilaiden kokonaisvaltaisesta hoidosta yhdessä moniammatillisen tiimin kanssa.",
        "Tehtäviisi kuuluu lääkehoidon toteuttaminen, voinnin seuranta ja kirjaaminen.",
        "Työskentelet kolmivuorotyössä ja osallistut osaston arjen kehittämiseen.",
        "Ohjaat potilaita ja heidän läheisiään hoitoon liittyvissä asioissa.",
        "Työhösi kuuluu myös hoitotoimenpiteitä, kuten haavanhoitoa ja näytteenottoa.",
        "Teet tiivistä yhteistyötä lääkäreiden, terapeuttien ja sosiaalityöntekijöiden kanssa.",
        "Kirjaat hoidon tiedot potilastietojärjestelmään huolellisesti.",
    ),
    requirements=(
        "Edellytämme tehtävään soveltuvaa tutkintoa ja Valviran laillistusta tai nimikesuojausta.",
        "Toivomme sinulta kokemusta vastaavista tehtävistä, mutta myös vastavalmistuneet ovat "
        "tervetulleita.",
        "Sinulla on voimassa oleva lääkehoidon osaaminen (LOVe) tai valmius suorittaa se.",
        "Arvostamme rauhallisuutta, empaattisuutta ja hyviä vuorovaikutustaitoja.",
    ),
    offers=(
        "Tarjoamme kolmivuorotyön lisät, vuorotoiveiden huomioimisen ja hyvän perehdytyksen.",
        "Saat tuekseesi kokeneen työparin ja mahdollisuuden lisäkoulutukseen.",
    ),
    company=(
        "Tuotamme sosiaali- ja terveyspalveluja yli {clients} asiakkaalle vuosittain.",
        "Hoivakotimme ovat palkittuja asukastyytyväisyydestä.",
    ),
    employer_words=(
        "Hoiva",
        "Terveys",
        "Hoivapalvelut",
        "Kotihoito",
        "Lääkärikeskus",
        "Hyvinvointi",
    ),
    traits=(
        "viihtyy ihmisten parissa",
        "pitää potilaan hyvinvointia tärkeimpänä",
        "toimii rauhallisesti kiireessäkin",
        "haluaa tehdä hoitotyötä sydämellä",
    ),
    experience=(
        "Olen tottunut työskentelemään kolmivuorotyössä ja kiireisessäkin ympäristössä.",
        "Minulla on kokemusta sekä akuuttihoidosta että pitkäaikaishoidosta.",
        "Pidän tärkeänä, että asiakas tulee kuulluksi ja kohdatuksi ihmisenä.",
        "Lääkehoito, kirjaaminen ja omaisten kohtaaminen ovat minulle arkea.",
        "Olen työskennellyt myös kotihoidossa, joten itsenäinen työote on tuttua.",
    ),
    work_descriptions=(
        "Potilaiden perushoito ja lääkehoito, voinnin seuranta ja kirjaaminen.",
        "Työskentely kolmivuorotyössä sisätautien osastolla.",
        "Kotihoidon asiakaskäynnit, lääkejaot ja omaisten ohjaus.",
        "Hoitotoimenpiteet, näytteenotto ja potilasohjaus poliklinikalla.",
        "Vastuuhoitajana toimiminen ja uusien työntekijöiden perehdytys.",
    ),
    degrees=(
        "Sosiaali- ja terveysalan perustutkinto, lähihoitaja",
        "Sairaanhoitaja (AMK)",
        "Terveydenhoitaja (AMK)",
        "Fysioterapeutti (AMK)",
        "Lääketieteen lisensiaatti",
    ),
    salaries=(
        "Sote-alan työehtosopimuksen mukainen",
        "Tehtäväkohtainen palkka 2 700–3 100 €/kk + vuorolisät",
        "Palkkaus Sote-TES:n mukaan, lisäksi vuorotyölisät",
    ),
)

SOCIAL = FieldTexts(
    intros=(
        "Haemme {city_in} sijaitsevaan yksikköömme lämmintä ja vastuullista tekijää.",
        "Etsimme tiimiimme sinua, joka haluaa tehdä merkityksellistä työtä ihmisten kanssa.",
    ),
    duties=(
        "Tuet asiakkaita arjen askareissa ja edistät heidän osallisuuttaan.",
        "Suunnittelet ja toteutat yhdessä tiimin kanssa pedagogista toimintaa.",
        "Työskentelet lasten ja perheiden kanssa ja teet yhteistyötä eri viranomaisten kanssa.",
        "Laadit asiakassuunnitelmia ja seuraat niiden toteutumista.",
        "Ohjaat ryhmiä ja yksilöitä sekä kirjaat työsi asiakastietojärjestelmään.",
    ),
    requirements=(
        "Edellytämme tehtävään kelpoistavaa tutkintoa (esim. sosionomi AMK tai "
        "varhaiskasvatuksen opettaja).",
        "Rikostaustan selvitys pyydetään ennen työsuhteen alkua.",
        "Arvostamme heittäytymiskykyä, rauhallisuutta ja hyviä vuorovaikutustaitoja.",
    ),
    offers=(
        "Tarjoamme hyvän perehdytyksen ja säännöllisen työnohjauksen.",
        "Työaika on pääosin arkisin päivisin.",
    ),
    company=(
        "Olemme voittoa tavoittelematon järjestö, joka on toiminut alueella jo vuodesta {founded}.",
        "Yksiköissämme asuu ja käy päivittäin yli {clients} asiakasta.",
    ),
    employer_words=("Palvelut", "Päiväkodit", "Perhepalvelut", "Asumispalvelut", "Tukipalvelut"),
    traits=(
        "haluaa tukea ihmisiä arjessa",
        "on innostunut lasten kanssa toimimisesta",
        "kohtaa jokaisen ihmisen arvostavasti",
    ),
    experience=(
        "Olen työskennellyt sekä lasten että aikuisten parissa.",
        "Vahvuuteni on kyky rakentaa luottamuksellinen suhde asiakkaaseen.",
        "Minulle on tärkeää, että jokainen saa tukea omista lähtökohdistaan.",
        "Pedagoginen suunnittelu ja perheiden kanssa tehtävä yhteistyö ovat minulle tuttuja.",
    ),
    work_descriptions=(
        "Lapsiryhmän toiminnan suunnittelu ja toteutus, vanhempien kanssa tehtävä yhteistyö.",
        "Asumispalveluyksikön asukkaiden arjen tukeminen ja ohjaus.",
        "Asiakastyö, palvelutarpeen arviointi ja kirjaaminen.",
        "Nuorten ryhmätoiminnan ohjaaminen ja yksilöohjaus.",
    ),
    degrees=(
        "Sosionomi (AMK)",
        "Kasvatus- ja ohjausalan perustutkinto",
        "Kasvatustieteen kandidaatti, varhaiskasvatus",
        "Yhteiskuntatieteiden maisteri, sosiaalityö",
    ),
    salaries=("AVAINTES:n mukainen", "Palkkaus kunnallisen sopimuksen mukaan"),
)

EDUCATION = FieldTexts(
    intros=(
        "Haemme kouluumme innostunutta opettajaa {title_task} lukuvuodeksi.",
        "Etsimme opetustiimiimme kollegaa, joka haluaa kehittää oppimista kanssamme.",
    ),
    duties=(
        "Opetat ja ohjaat oppilaita sekä arvioit heidän oppimistaan.",
        "Suunnittelet opetusta yhdessä kollegoiden kanssa opetussuunnitelman pohjalta.",
        "Teet yhteistyötä huoltajien ja oppilashuollon kanssa.",
        "Hyödynnät opetuksessa digitaalisia oppimisympäristöjä.",
    ),
    requirements=(
        "Edellytämme tehtävään säädettyä kelpoisuutta.",
        "Toivomme kokemusta opetustyöstä ja halua kehittää omaa työtäsi.",
        "Rikostaustaote vaaditaan ennen työn aloittamista.",
    ),
    offers=(
        "Tarjoamme yhteisöllisen työyhteisön ja hyvät opetustilat.",
        "Pääset mukaan kehittämään koulun toimintakulttuuria.",
    ),
    company=(
        "Koulussamme opiskelee noin {clients} oppilasta ja henkilökuntaa on noin {staff}.",
        "Olemme yksi alueen suurimmista oppilaitoksista.",
    ),
    employer_words=("Koulutus", "Opisto", "Akatemia", "Oppimiskeskus"),
    traits=(
        "innostaa oppijoita",
        "rakastaa opettamista",
        "haluaa tehdä koulusta turvallisen paikan kaikille",
    ),
    experience=(
        "Olen opettanut eri-ikäisiä oppilaita ja eriyttäminen on minulle tuttua.",
        "Hyödynnän opetuksessa mielelläni digitaalisia työkaluja.",
        "Yhteistyö huoltajien ja kollegoiden kanssa on minulle luontevaa.",
    ),
    work_descriptions=(
        "Luokanopettajan sijaisuus, opetus ja arviointi.",
        "Aineenopetus yläkoulussa ja lukiossa.",
        "Aikuisten koulutusryhmien opetus ja ohjaus.",
    ),
    degrees=(
        "Kasvatustieteen maisteri",
        "Filosofian maisteri, opettajan pedagogiset opinnot",
        "Ammatillinen opettajankoulutus",
    ),
    salaries=("OVTES:n mukainen", "Palkkaus opetusalan sopimuksen mukaan"),
)

ICT = FieldTexts(
    intros=(
        "Haemme kasvavaan tiimiimme kokenutta tekijää {title_task}.",
        "Etsimme {city_in} tai etänä työskentelevää osaajaa ohjelmistotiimiimme.",
    ),
    duties=(
        "Suunnittelet ja toteutat uusia ominaisuuksia asiakkaidemme palveluihin.",
        "Työskentelet ketterässä tiimissä yhdessä suunnittelijoiden ja tuoteomistajan kanssa.",
        "Vastaat järjestelmien ylläpidosta, testauksesta ja jatkuvasta kehittämisestä.",
        "Osallistut arkkitehtuuria koskeviin päätöksiin ja koodikatselmointeihin.",
        "Ratkot käyttäjien tukipyyntöjä ja huolehdit laitteiden ja ohjelmistojen toimivuudesta.",
        "Rakennat ja ylläpidät pilvipalveluihin perustuvia ratkaisuja.",
    ),
    requirements=(
        "Sinulla on muutaman vuoden kokemus vastaavista tehtävistä.",
        "Odotamme kykyä oppia uutta ja jakaa osaamista tiimin kesken.",
        "Tietojenkäsittelyn tai tietotekniikan tutkinto katsotaan eduksi.",
    ),
    offers=(
        "Tarjoamme mahdollisuuden etätyöhön, modernit työvälineet ja koulutusbudjetin.",
        "Saat vaikuttaa käytettäviin teknologioihin ja työtapoihin.",
    ),
    company=(
        "Olemme vuonna {founded} perustettu ohjelmistotalo, jonka asiakkaina on pörssiyhtiöitä ja "
        "julkishallinnon organisaatioita.",
        "Konsernimme työllistää yli {staff} henkilöä Suomessa ja Ruotsissa.",
    ),
    employer_words=("Digital", "Solutions", "Data", "Software", "IT-palvelut", "Tech"),
    traits=(
        "rakentaa toimivia ja selkeitä palveluja",
        "nauttii monimutkaisten ongelmien ratkaisemisesta",
        "oppii nopeasti uusia teknologioita",
    ),
    experience=(
        "Olen työskennellyt ketterissä tiimeissä ja tuntenut aina vastuuta koko tuotteesta.",
        "Teen mielelläni yhteistyötä suunnittelijoiden ja asiakkaiden kanssa.",
        "Pidän koodin laadusta, testauksesta ja selkeästä dokumentaatiosta.",
        "Olen tottunut ratkomaan käyttäjien ongelmia rauhallisesti ja selkeästi.",
    ),
    work_descriptions=(
        "Verkkopalvelun taustajärjestelmän kehitys ja ylläpito.",
        "Käyttäjätuki, laitehallinta ja lisenssien ylläpito.",
        "Tietovarastojen ja raportoinnin kehittäminen.",
        "Asiakasprojektit ketterässä tiimissä, koodikatselmoinnit ja testaus.",
    ),
    degrees=(
        "Insinööri (AMK), tieto- ja viestintätekniikka",
        "Tradenomi (AMK), tietojenkäsittely",
        "Diplomi-insinööri, tietotekniikka",
        "Filosofian maisteri, tietojenkäsittelytiede",
        "Tieto- ja viestintätekniikan perustutkinto",
    ),
    salaries=(
        "3 800–5 200 €/kk kokemuksen mukaan",
        "Kilpailukykyinen palkka ja bonusjärjestelmä",
        "4 000–6 000 €/kk",
    ),
)

CONSTRUCTION = FieldTexts(
    intros=(
        "Haemme {city_in} käynnistyviin kohteisiin ammattitaitoista tekijää.",
        "Etsimme työmaillemme reipasta ja ammattitaitoista työntekijää {title_task}.",
    ),
    duties=(
        "Työskentelet uudis- ja korjausrakennuskohteissa {city_in} ja lähialueilla.",
        "Tehtäviisi kuuluu asennus-, huolto- ja korjaustöitä asiakkaiden kohteissa.",
        "Luet piirustuksia ja huolehdit työn laadusta ja aikataulusta.",
        "Noudatat työmaan turvallisuusohjeita ja pidät työympäristön siistinä.",
        "Teet yhteistyötä työnjohdon ja muiden ammattiryhmien kanssa.",
    ),
    requirements=(
        "Edellytämme alan ammatillista koulutusta tai vastaavaa kokemusta.",
        "Tehtävä edellyttää voimassa olevaa työturvallisuuskorttia.",
        "B-luokan ajokortti on tarpeen, sillä liikumme kohteesta toiseen.",
        "Odotamme täsmällisyyttä, huolellisuutta ja hyvää työmoraalia.",
    ),
    offers=(
        "Tarjoamme pitkäaikaisen työsuhteen, hyvät työvälineet ja huolletun työauton.",
        "Palkkaus urakkapalkkana tai tuntipalkkana työn mukaan.",
    ),
    company=(
        "Olemme vuonna {founded} perustettu rakennusliike, joka on kasvanut tasaisesti.",
        "Asiakkainamme ovat taloyhtiöt, yritykset ja julkiset rakennuttajat.",
    ),
    employer_words=("Rakennus", "Sähkö", "LVI", "Talotekniikka", "Rakennuspalvelu", "Remontti"),
    traits=(
        "tekee jälkeä, johon asiakas on tyytyväinen",
        "on tottunut työskentelemään itsenäisesti työmailla",
        "hallitsee sekä uudis- että korjausrakentamisen",
    ),
    experience=(
        "Olen työskennellyt sekä uudiskohteissa että saneerauksissa.",
        "Työturvallisuus ja siisti työmaa ovat minulle kunnia-asia.",
        "Osaan lukea piirustuksia ja suunnitella työni itsenäisesti.",
        "Minulla on oma työkalusto ja ajokortti, joten liikun joustavasti kohteesta toiseen.",
    ),
    work_descriptions=(
        "Uudiskohteiden runko- ja sisävalmistustyöt.",
        "Sähköasennukset asuin- ja liikerakennuksiin, huoltotyöt.",
        "Putkiremontit ja LVI-asennukset taloyhtiöissä.",
        "Korjausrakentaminen ja pintaremontit.",
    ),
    degrees=(
        "Rakennusalan perustutkinto, talonrakentaja",
        "Sähkö- ja automaatioalan perustutkinto",
        "Talotekniikan perustutkinto, putkiasentaja",
        "Rakennusmestari (AMK)",
        "Pintakäsittelyalan perustutkinto, maalari",
    ),
    salaries=(
        "Rakennusalan TES:n mukainen tuntipalkka",
        "Tuntipalkka 16–21 € kokemuksen mukaan",
        "Sähköalan TES:n mukainen palkka",
    ),
)

INDUSTRY = FieldTexts(
    intros=(
        "Haemme tuotantoomme {city_in} ammattitaitoista tekijää.",
        "Tilauskantamme on kasvanut, ja haemme siksi lisää osaajia tuotantoon.",
    ),
    duties=(
        "Työskentelet tuotannossa vuorotyössä ja vastaat koneiden ja laitteiden käytöstä.",
        "Teet valmistus- ja kokoonpanotöitä piirustusten ja työohjeiden mukaan.",
        "Huolehdit tuotteiden laadusta ja teet laatumittauksia.",
        "Osallistut laitteiden ennakoivaan kunnossapitoon ja vianetsintään.",
        "Ohjelmoit ja asetat työstökoneita tuotantoerien mukaan.",
    ),
    requirements=(
        "Edellytämme alan ammatillista tutkintoa tai vastaavaa kokemusta.",
        "Hallitset piirustusten lukemisen ja mittavälineiden käytön.",
        "Trukkikortti ja tulityökortti katsotaan eduksi.",
        "Olet valmis tekemään kaksivuorotyötä.",
    ),
    offers=(
        "Tarjoamme vakituisen työpaikan, vuorolisät ja hyvän perehdytyksen.",
        "Työterveyshuolto ja henkilöstöruokala kuuluvat etuihimme.",
    ),
    company=(
        "Olemme kansainvälisesti toimiva konepaja, jonka liikevaihto on noin {revenue} "
        "miljoonaa euroa.",
        "Tehtaamme on perustettu vuonna {founded}, ja vientimme suuntautuu yli 30 maahan.",
    ),
    employer_words=("Konepaja", "Metalli", "Teollisuus", "Tekniikka", "Works", "Steel"),
    traits=(
        "tekee laadukasta jälkeä tarkasti ja turvallisesti",
        "on tottunut vuorotyöhön tuotannossa",
        "tuntee koneet ja niiden kunnossapidon",
    ),
    experience=(
        "Olen tehnyt vuorotyötä tuotannossa ja tunnen laatuvaatimukset.",
        "Minulla on kokemusta sekä MIG- että TIG-hitsauksesta ja piirustusten lukemisesta.",
        "Kunnossapito ja vianetsintä ovat vahvuuksiani.",
    ),
    work_descriptions=(
        "Teräsrakenteiden hitsaus ja kokoonpano.",
        "CNC-koneiden asetus, ohjelmointi ja ajaminen.",
        "Tuotantolinjan ajaminen ja laadunvalvonta.",
        "Ennakoiva kunnossapito ja vikakorjaukset tehtaalla.",
    ),
    degrees=(
        "Kone- ja tuotantotekniikan perustutkinto",
        "Tuotantotekniikan ammattitutkinto",
        "Insinööri (AMK), konetekniikka",
        "Prosessiteollisuuden perustutkinto",
    ),
    salaries=(
        "Teknologiateollisuuden TES:n mukainen",
        "Tuntipalkka 15–19 € + vuorolisät",
    ),
)

LOGISTICS = FieldTexts(
    intros=(
        "Haemme {city_in} toimivaan yksikköömme luotettavaa kuljettajaa tai varastotyöntekijää.",
        "Kasvamme ja etsimme logistiikkatiimiimme lisää tekijöitä.",
    ),
    duties=(
        "Kuljetat tavaraa asiakkaillemme {region_gen} alueella.",
        "Tehtäviisi kuuluu lastaus, purku ja rahtikirjojen käsittely.",
        "Keräät ja pakkaat tilauksia varastojärjestelmän ohjeiden mukaan.",
        "Huolehdit kaluston päivittäisistä tarkastuksista ja siisteydestä.",
        "Työskentelet vaihtelevissa vuoroissa, myös viikonloppuisin.",
    ),
    requirements=(
        "Edellytämme tehtävään sopivaa ajokorttia ja ammattipätevyyttä.",
        "Trukkikortti on eduksi varastotehtävissä.",
        "Odotamme täsmällisyyttä ja hyvää asiakaspalveluasennetta.",
    ),
    offers=(
        "Tarjoamme hyvin huolletun kaluston ja säännölliset vuorot.",
        "Pääset osaksi rentoa ja toisista huolehtivaa työyhteisöä.",
    ),
    company=(
        "Olemme perheyritys, joka on hoitanut kuljetuksia jo vuodesta {founded}.",
        "Kalustoomme kuuluu yli {units} ajoneuvoa ja työllistämme noin {staff} henkilöä.",
    ),
    employer_words=("Kuljetus", "Logistiikka", "Rahti", "Terminaali", "Varastopalvelut"),
    traits=(
        "ajaa turvallisesti ja täsmällisesti",
        "pitää huolta kalustosta ja kuormasta",
        "on tottunut vaihteleviin vuoroihin",
    ),
    experience=(
        "Olen ajanut sekä jakelua että pitkän matkan kuljetuksia.",
        "Varastotyö, keräily ja trukilla ajo ovat minulle tuttuja.",
        "Asiakaspalvelu on minulle luontevaa myös kiireen keskellä.",
    ),
    work_descriptions=(
        "Jakeluajo ja asiakaspalvelu pääkaupunkiseudulla.",
        "Keräily, pakkaus ja lähettäminen varastossa, trukilla ajo.",
        "Linja-autolla ajo kaupunkiliikenteessä.",
        "Kaukoliikenteen kuljetukset ja kuormien sidonta.",
    ),
    degrees=(
        "Logistiikan perustutkinto, kuljetuspalvelut",
        "Logistiikan perustutkinto, varastopalvelut",
        "Yhdistelmäajoneuvonkuljettajan ammattitutkinto",
    ),
    salaries=(
        "Kuljetusalan TES:n mukainen palkka",
        "Tuntipalkka 14–18 € + lisät",
    ),
)

WAREHOUSE = FieldTexts(
    intros=(
        "Haemme {city_in} sijaitsevaan varastoomme reipasta tekijää.",
        "Etsimme logistiikkakeskukseemme lisää tekijöitä kiireisiin vuoroihin.",
    ),
    duties=(
        "Keräät ja pakkaat tilauksia varastonhallintajärjestelmän ohjeiden mukaan.",
        "Vastaanotat saapuvia lähetyksiä ja tarkistat niiden sisällön.",
        "Lastaat ja purat kuormia trukilla ja pumppukärryllä.",
        "Huolehdit varaston järjestyksestä ja työturvallisuudesta.",
        "Työskentelet kaksi- tai kolmivuorotyössä, myös viikonloppuisin.",
    ),
    requirements=(
        "Trukkikortti on eduksi, ja perehdytämme sinut varastojärjestelmän käyttöön.",
        "Odotamme täsmällisyyttä, hyvää fyysistä kuntoa ja turvallisia työtapoja.",
        "Aiempi kokemus varastotyöstä katsotaan eduksi.",
    ),
    offers=(
        "Tarjoamme vuorolisät, työvaatteet ja mahdollisuuden pitkään työsuhteeseen.",
        "Henkilöstöravintola ja ilmainen pysäköinti kuuluvat etuihimme.",
    ),
    company=(
        "Logistiikkakeskuksemme on yksi Suomen suurimmista, ja palvelemme verkkokauppoja "
        "ympäri Pohjoismaita.",
        "Varastomme pinta-ala on yli {units} tuhatta neliömetriä.",
    ),
    employer_words=("Logistiikka", "Varastopalvelut", "Terminaali", "Fulfilment"),
    traits=(
        "tekee työnsä tarkasti ja turvallisesti",
        "on tottunut vuorotyöhön ja kiireeseen",
    ),
    experience=(
        "Varastotyö, keräily ja trukilla ajo ovat minulle tuttuja.",
        "Olen tottunut työskentelemään vuorotyössä ja kiireisessä ympäristössä.",
        "Työturvallisuus ja huolellisuus ovat minulle tärkeitä.",
    ),
    work_descriptions=(
        "Keräily, pakkaus ja lähettäminen varastossa, trukilla ajo.",
        "Saapuvan tavaran vastaanotto ja hyllytys.",
        "Terminaalin lastaus- ja purkutyöt.",
    ),
    degrees=(
        "Logistiikan perustutkinto, varastopalvelut",
        "Logistiikan perustutkinto",
    ),
    salaries=(
        "Tuntipalkka 13,50–16 € + vuorolisät",
        "Kaupan alan TES:n mukainen",
    ),
)

HOSPITALITY = FieldTexts(
    intros=(
        "Haemme {city_in} sijaitsevaan ravintolaamme iloista tekijää {title_task}.",
        "Etsimme keittiöömme ja saliimme uusia tekijöitä vilkkaaseen kauteen.",
    ),
    duties=(
        "Valmistat ruokia ja huolehdit annosten laadusta ja esillepanosta.",
        "Vastaat keittiön hygieniasta ja omavalvonnasta.",
        "Palvelet asiakkaita salissa ja huolehdit heidän viihtyvyydestään.",
        "Osallistut tilauksiin, varastonhallintaan ja menun suunnitteluun.",
        "Työskentelet vaihtelevissa vuoroissa, myös iltaisin ja viikonloppuisin.",
    ),
    requirements=(
        "Edellytämme voimassa olevaa hygieniapassia.",
        "Anniskelupassi on eduksi salin tehtävissä.",
        "Odotamme iloista asennetta ja kykyä toimia kiireessä.",
        "Alan koulutus tai kokemus ravintolatyöstä katsotaan eduksi.",
    ),
    offers=(
        "Tarjoamme henkilökuntaedut ketjumme ravintoloissa ja joustavat vuorot.",
        "Meillä pääset kehittymään ja kokeilemaan uusia makuja.",
    ),
    company=(
        "Olemme kotimainen ravintolaketju, jolla on {units} ravintolaa eri puolilla Suomea.",
        "Ravintolamme on palkittu alueen parhaana lounaspaikkana.",
    ),
    employer_words=("Ravintolat", "Keittiö", "Catering", "Bistro", "Hotellit", "Kahvila"),
    traits=(
        "valmistaa ruokaa intohimolla",
        "tekee asiakkaan illasta onnistuneen",
        "toimii kiireessäkin iloisesti ja tehokkaasti",
    ),
    experience=(
        "Olen työskennellyt sekä à la carte- että lounaskeittiössä.",
        "Omavalvonta ja hygienia ovat minulle tuttuja.",
        "Asiakaspalvelu ja myyntityö salissa sujuvat minulta luontevasti.",
    ),
    work_descriptions=(
        "Lounaan ja à la carte -annosten valmistus, omavalvonta.",
        "Salityö, tarjoilu ja kassatyöskentely.",
        "Suurtalouskeittiön ruoanvalmistus ja tilaukset.",
        "Hotellin aamiaisen ja kokoustarjoilujen järjestäminen.",
    ),
    degrees=(
        "Ravintola- ja catering-alan perustutkinto, kokki",
        "Matkailualan perustutkinto",
        "Restonomi (AMK)",
    ),
    salaries=(
        "Matkailu-, ravintola- ja vapaa-ajan palveluja koskevan TES:n mukainen",
        "Tuntipalkka 13–16 € + iltalisät",
    ),
)

PROPERTY = FieldTexts(
    intros=(
        "Haemme {city_in} sijaitseviin kohteisiimme huolellista tekijää.",
        "Etsimme siivous- ja kiinteistöpalveluihimme uusia työntekijöitä.",
    ),
    duties=(
        "Huolehdit asiakaskohteiden siisteydestä sovitun palvelukuvauksen mukaan.",
        "Tehtäviisi kuuluu kiinteistön huolto, tekniset tarkastukset ja pienet korjaukset.",
        "Hoidat ulkoalueiden kunnossapitoa, kuten lumitöitä ja viheralueiden hoitoa.",
        "Käytät siivouskoneita ja -aineita turvallisesti ja oikein.",
    ),
    requirements=(
        "Toivomme kokemusta siivous- tai kiinteistöalalta, mutta perehdytämme myös uudet tekijät.",
        "B-luokan ajokortti on eduksi.",
        "Odotamme huolellisuutta ja itsenäistä työotetta.",
    ),
    offers=(
        "Tarjoamme työvaatteet, perehdytyksen ja mahdollisuuden suorittaa alan tutkinto "
        "työn ohessa.",
        "Työaika on pääosin aamupainotteinen.",
    ),
    company=(
        "Olemme alueen johtava kiinteistöpalveluyritys, ja asiakkainamme on yli {clients} "
        "taloyhtiötä.",
        "Yrityksemme on perustettu vuonna {founded}.",
    ),
    employer_words=("Kiinteistöpalvelut", "Siivous", "Isännöinti", "Huolto", "Facility"),
    traits=(
        "tekee huolellista ja näkyvää jälkeä",
        "pitää kiinteistöt kunnossa ympäri vuoden",
    ),
    experience=(
        "Olen tottunut työskentelemään itsenäisesti ja suunnittelemaan työni.",
        "Ylläpitosiivous, perussiivous ja koneiden käyttö ovat minulle tuttuja.",
        "Kiinteistöjen tekniset järjestelmät ja huoltotyöt ovat vahvuuksiani.",
    ),
    work_descriptions=(
        "Toimistojen ja koulujen ylläpitosiivous.",
        "Taloyhtiöiden kiinteistönhoito, lumityöt ja vikailmoitusten hoitaminen.",
        "Sairaalan laitoshuolto ja välinehuolto.",
    ),
    degrees=(
        "Puhdistuspalvelualan perustutkinto",
        "Kiinteistöpalvelujen perustutkinto",
        "Toimitilahuoltajan ammattitutkinto",
    ),
    salaries=(
        "Kiinteistöpalvelualan TES:n mukainen",
        "Tuntipalkka 12,50–15 €",
    ),
)

SALES = FieldTexts(
    intros=(
        "Haemme {city_in} sijaitsevaan myymäläämme asiakaspalveluhenkistä tekijää.",
        "Etsimme myyntitiimiimme tuloksentekijää, joka nauttii asiakkaiden kohtaamisesta.",
    ),
    duties=(
        "Palvelet asiakkaita myymälässä ja kassalla.",
        "Huolehdit tuotteiden esillepanosta, hyllytyksestä ja myymälän siisteydestä.",
        "Vastaat asiakkaiden yhteydenottoihin puhelimitse, chatissa ja sähköpostitse.",
        "Myyt ja esittelet tuotteitamme yritysasiakkaille ja kartoitat uusia asiakkuuksia.",
        "Seuraat myynnin tavoitteita ja raportoit tuloksista esihenkilöllesi.",
    ),
    requirements=(
        "Odotamme hyvää asiakaspalveluasennetta ja oma-aloitteisuutta.",
        "Aiempi kokemus kaupan alalta tai myyntityöstä on eduksi.",
        "Olet valmis tekemään vuorotyötä, myös viikonloppuisin.",
    ),
    offers=(
        "Tarjoamme henkilökunta-alennukset ja mahdollisuuden edetä urallasi.",
        "Myyntityössä kiinteän palkan lisäksi provisio.",
    ),
    company=(
        "Olemme valtakunnallinen kauppaketju, jolla on {units} myymälää ympäri Suomen.",
        "Yrityksemme liikevaihto on noin {revenue} miljoonaa euroa.",
    ),
    employer_words=("Kauppa", "Market", "Myynti", "Sisustus", "Urheilu", "Rauta"),
    traits=(
        "nauttii asiakkaiden palvelemisesta",
        "saa tuloksia aikaan ja pitää asiakkaat tyytyväisinä",
    ),
    experience=(
        "Olen työskennellyt myymälässä ja kassalla sekä vastannut osaston tilauksista.",
        "Minulle on luontevaa kohdata erilaisia asiakkaita ja ratkaista heidän ongelmiaan.",
        "Olen tottunut työskentelemään myyntitavoitteiden parissa.",
    ),
    work_descriptions=(
        "Asiakaspalvelu ja kassatyö, hyllytys ja tilaukset.",
        "Yritysmyynti ja asiakkuuksien hoito.",
        "Asiakaspalvelukeskuksen puhelin- ja chat-palvelu.",
    ),
    degrees=(
        "Liiketoiminnan perustutkinto",
        "Tradenomi (AMK)",
        "Merkonomi",
    ),
    salaries=(
        "Kaupan alan TES:n mukainen",
        "Kiinteä palkka + provisio",
    ),
)

OFFICE = FieldTexts(
    intros=(
        "Haemme {city_in} toimivaan taloushallinnon tiimiimme tarkkaa tekijää.",
        "Etsimme asiantuntevaa kollegaa hallinnon tehtäviin.",
    ),
    duties=(
        "Vastaat oman vastuualueesi aikatauluista, laadusta ja raportoinnista.",
        "Teet yhteistyötä eri yksiköiden, asiakkaiden ja sidosryhmien kanssa.",
        "Kehität prosesseja ja hyödynnät sähköisiä järjestelmiä.",
        "Tehtäviisi kuuluu myös asiakirjojen valmistelua ja päätösten toimeenpanoa.",
    ),
    requirements=(
        "Edellytämme alan koulutusta ja kokemusta vastaavista tehtävistä.",
        "Olet tottunut käyttämään tietojärjestelmiä ja Office-ohjelmia.",
        "Odotamme tarkkuutta, luotettavuutta ja hyviä vuorovaikutustaitoja.",
    ),
    offers=(
        "Tarjoamme mahdollisuuden hybridityöhön ja monipuoliset tehtävät.",
        "Työaika on liukuva, ja etätyö on mahdollista osan viikosta.",
    ),
    company=(
        "Olemme asiantuntijapalveluja tarjoava yritys, jonka asiakkaina on yli {clients} "
        "organisaatiota.",
        "Konsernimme toimii kymmenellä paikkakunnalla ja työllistää noin {staff} henkilöä.",
    ),
    employer_words=("Tilipalvelu", "Talous", "Konsultointi", "Palvelukeskus", "Partners"),
    traits=(
        "pitää luvut kunnossa",
        "on tarkka ja luotettava",
        "sujuvoittaa hallinnon prosesseja",
    ),
    experience=(
        "Olen hoitanut kirjanpitoa ja palkanlaskentaa useille asiakasyrityksille.",
        "Hallitsen taloushallinnon järjestelmät ja Excelin.",
        "Minulle on tärkeää, että asiat hoituvat ajallaan ja oikein.",
    ),
    work_descriptions=(
        "Kirjanpito, alv-ilmoitukset ja tilinpäätösten valmistelu.",
        "Palkanlaskenta noin 300 henkilön organisaatiossa.",
        "Toimiston asiakaspalvelu, laskutus ja arkistointi.",
        "Rekrytointien koordinointi ja henkilöstöhallinnon tehtävät.",
    ),
    degrees=(
        "Tradenomi (AMK), taloushallinto",
        "Kauppatieteiden maisteri",
        "Liiketoiminnan perustutkinto, merkonomi",
    ),
    salaries=(
        "3 000–3 800 €/kk kokemuksen mukaan",
        "Palkkaus ERTO:n TES:n mukaan",
    ),
)

ENGINEERING = FieldTexts(
    intros=(
        "Haemme suunnittelutiimiimme {city_in} kokenutta asiantuntijaa.",
        "Etsimme projekteihimme insinööriä, joka haluaa ratkaista teknisiä haasteita.",
    ),
    duties=(
        "Vastaat suunnittelukokonaisuuksista ja niiden dokumentoinnista.",
        "Teet yhteistyötä asiakkaiden, tuotannon ja alihankkijoiden kanssa.",
        "Osallistut projektien aikataulutukseen ja kustannusten seurantaan.",
        "Laadit mitoituslaskelmia ja 3D-malleja.",
    ),
    requirements=(
        "Edellytämme insinöörin (AMK) tai diplomi-insinöörin tutkintoa.",
        "Hallitset yleisimmät suunnitteluohjelmistot.",
        "Odotamme ongelmanratkaisukykyä ja hyvää englannin kielen taitoa.",
    ),
    offers=(
        "Tarjoamme haastavat projektit ja mahdollisuuden kansainvälisiin tehtäviin.",
        "Meillä on käytössä liukuva työaika ja hybridityö.",
    ),
    company=(
        "Olemme insinööritoimisto, jolla on yli {staff} asiantuntijaa Suomessa.",
        "Toimitamme ratkaisuja teollisuudelle ja rakennuttajille vuodesta {founded}.",
    ),
    employer_words=("Engineering", "Suunnittelu", "Insinööritoimisto", "Consulting"),
    traits=(
        "ratkoo teknisiä haasteita käytännönläheisesti",
        "vie projektit maaliin aikataulussa",
    ),
    experience=(
        "Olen vastannut suunnittelukokonaisuuksista ja projektien aikatauluista.",
        "3D-mallinnus ja mitoituslaskelmat ovat minulle tuttuja.",
    ),
    work_descriptions=(
        "Koneensuunnittelu ja 3D-mallinnus.",
        "Rakennesuunnittelu ja mitoituslaskelmat.",
        "Projektien hallinta ja asiakasyhteistyö.",
    ),
    degrees=(
        "Insinööri (AMK), konetekniikka",
        "Diplomi-insinööri, rakennustekniikka",
        "Insinööri (AMK), sähkötekniikka",
    ),
    salaries=("4 000–5 500 €/kk", "YTN:n sopimuksen mukainen"),
)

AGRICULTURE = FieldTexts(
    intros=(
        "Haemme tilallemme {city_in} reipasta työntekijää.",
        "Etsimme metsä- ja maatalouden töihin luotettavaa tekijää.",
    ),
    duties=(
        "Hoidat eläimiä ja huolehdit navetan päivittäisistä töistä.",
        "Teet peltotöitä ja käytät maatalouskoneita.",
        "Metsänhoitotyöt, kuten taimikonhoito ja istutus, kuuluvat tehtäviisi.",
        "Osallistut viheralueiden rakentamiseen ja hoitoon.",
    ),
    requirements=(
        "Toivomme kokemusta maatalous- tai metsätöistä.",
        "Traktorikortti tai T-luokan ajo-oikeus on eduksi.",
        "Odotamme hyvää fyysistä kuntoa ja itsenäistä työotetta.",
    ),
    offers=(
        "Tarjoamme monipuolisen työn luonnon keskellä.",
        "Asunto on tarvittaessa järjestettävissä.",
    ),
    company=(
        "Olemme sukupolvenvaihdoksen läpikäynyt perhetila, joka on perustettu vuonna {founded}.",
        "Tilallamme on noin {clients} lypsylehmää ja 200 hehtaaria peltoa.",
    ),
    employer_words=("Maatila", "Metsäpalvelu", "Puutarha", "Viherpalvelut"),
    traits=(
        "viihtyy luonnossa ja eläinten parissa",
        "on tottunut fyysiseen työhön kaikissa keleissä",
    ),
    experience=(
        "Olen kasvanut maatilalla ja eläinten hoito on minulle tuttua.",
        "Maatalouskoneiden käyttö ja huolto sujuvat minulta.",
    ),
    work_descriptions=(
        "Lypsykarjan hoito ja navettatyöt.",
        "Taimikonhoito ja metsänistutus.",
        "Viheralueiden hoito ja kunnossapito.",
    ),
    degrees=(
        "Maatalousalan perustutkinto",
        "Metsäalan perustutkinto",
        "Puutarha-alan perustutkinto",
    ),
    salaries=("Maaseudun TES:n mukainen", "Tuntipalkka 13–16 €"),
)

GENERIC = FieldTexts(
    intros=(
        "Haemme joukkoomme uutta kollegaa {city_in}.",
        "Etsimme tiimiimme oma-aloitteista tekijää.",
    ),
    duties=(
        "Hoidat monipuolisia tehtäviä yhdessä tiimisi kanssa.",
        "Vastaat oman vastuualueesi päivittäisistä töistä.",
        "Osallistut toiminnan kehittämiseen ja asiakaspalveluun.",
        "Työskentelet itsenäisesti ja osana tiimiä.",
    ),
    requirements=(
        "Edellytämme tehtävään soveltuvaa koulutusta tai kokemusta.",
        "Odotamme oma-aloitteisuutta ja hyviä yhteistyötaitoja.",
        "Arvostamme halua oppia uutta.",
    ),
    offers=("Tarjoamme monipuolisen työn ja hyvän työyhteisön.",),
    company=(
        "Olemme vuonna {founded} perustettu yritys, jossa työskentelee noin {staff} henkilöä.",
    ),
    employer_words=("Palvelut", "Group", "Yhtiöt"),
    traits=(
        "on luotettava ja oma-aloitteinen",
        "oppii nopeasti uutta",
        "tekee työnsä huolella",
    ),
    experience=(
        "Olen luotettava ja oma-aloitteinen tekijä.",
        "Opin nopeasti uusia asioita ja toimin hyvin tiimissä.",
    ),
    work_descriptions=(
        "Monipuoliset tehtävät tiimissä.",
        "Asiakaspalvelu ja päivittäiset rutiinit.",
    ),
    degrees=("Ylioppilastutkinto", "Ammatillinen perustutkinto"),
    salaries=SALARIES_COMMON,
)

FIELDS: dict[str, FieldTexts] = {
    "health": HEALTH,
    "social": SOCIAL,
    "education": EDUCATION,
    "ict": ICT,
    "construction": CONSTRUCTION,
    "industry": INDUSTRY,
    "logistics": LOGISTICS,
    "warehouse": WAREHOUSE,
    "hospitality": HOSPITALITY,
    "property": PROPERTY,
    "sales": SALES,
    "office": OFFICE,
    "engineering": ENGINEERING,
    "agriculture": AGRICULTURE,
    "generic": GENERIC,
}

# The field of an occupation: by its taxonomy group (ISCO sub-major group), unless the
# occupation is listed in FIELD_BY_OCCUPATION (by Finnish label, lower case).
FIELD_BY_GROUP: dict[str, str] = {
    "01": "generic",
    "02": "generic",
    "03": "generic",
    "11": "office",
    "12": "office",
    "13": "office",
    "14": "hospitality",
    "21": "engineering",
    "22": "health",
    "23": "education",
    "24": "office",
    "25": "ict",
    "26": "social",
    "31": "engineering",
    "32": "health",
    "33": "office",
    "34": "social",
    "35": "ict",
    "41": "office",
    "42": "sales",
    "43": "office",
    "44": "office",
    "51": "hospitality",
    "52": "sales",
    "53": "social",
    "54": "generic",
    "61": "agriculture",
    "62": "agriculture",
    "71": "construction",
    "72": "industry",
    "73": "industry",
    "74": "construction",
    "75": "industry",
    "81": "industry",
    "82": "industry",
    "83": "logistics",
    "91": "property",
    "92": "agriculture",
    "93": "warehouse",
    "94": "hospitality",
    "96": "logistics",
}
FIELD_BY_OCCUPATION: dict[str, str] = {
    "tuotantopäällikkö": "industry",
    "työmaapäällikkö": "construction",
    "logistiikkapäällikkö": "logistics",
    "it-päällikkö": "ict",
    "päiväkodin johtaja": "social",
    "osastonhoitaja": "health",
    "hoivakodin johtaja": "health",
    "rehtori": "education",
    "myymäläpäällikkö": "sales",
    "myyntipäällikkö": "sales",
    "ux-suunnittelija": "ict",
    "graafinen suunnittelija": "generic",
    "myyntiinsinööri": "sales",
    "ict-myyntiasiantuntija": "sales",
    "markkinointiasiantuntija": "sales",
    "kouluttaja": "education",
    "lakimies": "office",
    "kirjastonhoitaja": "generic",
    "psykologi": "health",
    "sisällöntuottaja": "generic",
    "toimittaja": "generic",
    "kääntäjä": "generic",
    "laborantti": "generic",
    "rakennusmestari": "construction",
    "rakennustyönjohtaja": "construction",
    "tuotannon työnjohtaja": "industry",
    "lentäjä": "logistics",
    "myyntineuvottelija": "sales",
    "huolitsija": "logistics",
    "kiinteistönvälittäjä": "sales",
    "keittiömestari": "hospitality",
    "liikunnanohjaaja": "generic",
    "valokuvaaja": "generic",
    "sisustussuunnittelija": "generic",
    "pankin asiakasneuvoja": "office",
    "hotellivirkailija": "hospitality",
    "vastaanottovirkailija": "office",
    "varastotyöntekijä": "warehouse",
    "trukinkuljettaja": "warehouse",
    "ajojärjestelijä": "logistics",
    "postinjakaja": "logistics",
    "kirjastovirkailija": "generic",
    "parturi-kampaaja": "generic",
    "kosmetologi": "generic",
    "siivoustyönjohtaja": "property",
    "kiinteistönhoitaja": "property",
    "eläintenhoitaja": "agriculture",
    "autokoulun opettaja": "education",
    "lähihoitaja": "health",
    "hoiva-avustaja": "health",
    "välinehuoltaja": "health",
    "leipuri": "hospitality",
    "teollisuussähköasentaja": "industry",
    "automaatioasentaja": "industry",
    "rakennusapulainen": "construction",
    "kahvilatyöntekijä": "hospitality",
    "maatalousneuvoja": "agriculture",
    "lakiassistentti": "office",
}

# --- places ------------------------------------------------------------------------------------

# Region names in the genitive, for employer names and sentences ("Pirkanmaan alueella").
REGION_GENITIVE: dict[str, str] = {
    "Uusimaa": "Uudenmaan",
    "Varsinais-Suomi": "Varsinais-Suomen",
    "Satakunta": "Satakunnan",
    "Kanta-Häme": "Kanta-Hämeen",
    "Pirkanmaa": "Pirkanmaan",
    "Päijät-Häme": "Päijät-Hämeen",
    "Kymenlaakso": "Kymenlaakson",
    "Etelä-Karjala": "Etelä-Karjalan",
    "Etelä-Savo": "Etelä-Savon",
    "Pohjois-Savo": "Pohjois-Savon",
    "Pohjois-Karjala": "Pohjois-Karjalan",
    "Keski-Suomi": "Keski-Suomen",
    "Etelä-Pohjanmaa": "Etelä-Pohjanmaan",
    "Pohjanmaa": "Pohjanmaan",
    "Keski-Pohjanmaa": "Keski-Pohjanmaan",
    "Pohjois-Pohjanmaa": "Pohjois-Pohjanmaan",
    "Kainuu": "Kainuun",
    "Lappi": "Lapin",
    "Ahvenanmaa": "Ahvenanmaan",
}

# Bigger towns: rough population in thousands (how many postings they draw) and the forms
# a sentence needs: (in the town, of the town).
TOWNS: dict[str, tuple[int, str, str]] = {
    "Helsinki": (660, "Helsingissä", "Helsingin"),
    "Espoo": (300, "Espoossa", "Espoon"),
    "Tampere": (250, "Tampereella", "Tampereen"),
    "Vantaa": (240, "Vantaalla", "Vantaan"),
    "Oulu": (212, "Oulussa", "Oulun"),
    "Turku": (200, "Turussa", "Turun"),
    "Jyväskylä": (146, "Jyväskylässä", "Jyväskylän"),
    "Kuopio": (122, "Kuopiossa", "Kuopion"),
    "Lahti": (120, "Lahdessa", "Lahden"),
    "Pori": (83, "Porissa", "Porin"),
    "Kouvola": (80, "Kouvolassa", "Kouvolan"),
    "Joensuu": (77, "Joensuussa", "Joensuun"),
    "Lappeenranta": (73, "Lappeenrannassa", "Lappeenrannan"),
    "Hämeenlinna": (68, "Hämeenlinnassa", "Hämeenlinnan"),
    "Vaasa": (68, "Vaasassa", "Vaasan"),
    "Seinäjoki": (65, "Seinäjoella", "Seinäjoen"),
    "Rovaniemi": (64, "Rovaniemellä", "Rovaniemen"),
    "Mikkeli": (52, "Mikkelissä", "Mikkelin"),
    "Porvoo": (51, "Porvoossa", "Porvoon"),
    "Kotka": (51, "Kotkassa", "Kotkan"),
    "Salo": (51, "Salossa", "Salon"),
    "Kokkola": (48, "Kokkolassa", "Kokkolan"),
    "Hyvinkää": (47, "Hyvinkäällä", "Hyvinkään"),
    "Lohja": (46, "Lohjalla", "Lohjan"),
    "Järvenpää": (45, "Järvenpäässä", "Järvenpään"),
    "Nurmijärvi": (44, "Nurmijärvellä", "Nurmijärven"),
    "Rauma": (39, "Raumalla", "Rauman"),
    "Kirkkonummi": (40, "Kirkkonummella", "Kirkkonummen"),
    "Tuusula": (39, "Tuusulassa", "Tuusulan"),
    "Kerava": (37, "Keravalla", "Keravan"),
    "Kajaani": (36, "Kajaanissa", "Kajaanin"),
    "Kangasala": (33, "Kangasalla", "Kangasalan"),
    "Nokia": (34, "Nokialla", "Nokian"),
    "Ylöjärvi": (33, "Ylöjärvellä", "Ylöjärven"),
    "Savonlinna": (32, "Savonlinnassa", "Savonlinnan"),
    "Kaarina": (35, "Kaarinassa", "Kaarinan"),
    "Vihti": (29, "Vihdissä", "Vihdin"),
    "Riihimäki": (28, "Riihimäellä", "Riihimäen"),
    "Imatra": (25, "Imatralla", "Imatran"),
    "Raasepori": (27, "Raaseporissa", "Raaseporin"),
    "Raisio": (25, "Raisiossa", "Raision"),
    "Sastamala": (24, "Sastamalassa", "Sastamalan"),
    "Tornio": (21, "Torniossa", "Tornion"),
    "Iisalmi": (21, "Iisalmessa", "Iisalmen"),
    "Kemi": (20, "Kemissä", "Kemin"),
    "Varkaus": (20, "Varkaudessa", "Varkauden"),
    "Pietarsaari": (19, "Pietarsaaressa", "Pietarsaaren"),
    "Raahe": (24, "Raahessa", "Raahen"),
    "Mustasaari": (19, "Mustasaaressa", "Mustasaaren"),
    "Forssa": (17, "Forssassa", "Forssan"),
    "Maarianhamina": (12, "Maarianhaminassa", "Maarianhaminan"),
    "Kuusamo": (15, "Kuusamossa", "Kuusamon"),
    "Sodankylä": (8, "Sodankylässä", "Sodankylän"),
    "Inari": (7, "Inarissa", "Inarin"),
    "Kittilä": (6, "Kittilässä", "Kittilän"),
    "Pieksämäki": (17, "Pieksämäellä", "Pieksämäen"),
    "Uusikaupunki": (15, "Uudessakaupungissa", "Uudenkaupungin"),
    "Kristiinankaupunki": (6, "Kristiinankaupungissa", "Kristiinankaupungin"),
    "Närpiö": (9, "Närpiössä", "Närpiön"),
    "Parainen": (15, "Paraisilla", "Paraisten"),
    "Loviisa": (14, "Loviisassa", "Loviisan"),
    "Sipoo": (22, "Sipoossa", "Sipoon"),
    "Kauniainen": (10, "Kauniaisissa", "Kauniaisten"),
}
# Weight of a town not listed above.
SMALL_TOWN_WEIGHT = 4

# Towns where Swedish is asked for often (bilingual coast, Åland).
SWEDISH_TOWNS: frozenset[str] = frozenset(
    {
        "Helsinki",
        "Espoo",
        "Vantaa",
        "Kauniainen",
        "Kirkkonummi",
        "Sipoo",
        "Porvoo",
        "Loviisa",
        "Raasepori",
        "Inkoo",
        "Hanko",
        "Vaasa",
        "Mustasaari",
        "Pietarsaari",
        "Kokkola",
        "Närpiö",
        "Kristiinankaupunki",
        "Uusikaarlepyy",
        "Pedersören kunta",
        "Kruunupyy",
        "Luoto",
        "Maalahti",
        "Korsnäs",
        "Vöyri",
        "Parainen",
        "Kemiönsaari",
        "Maarianhamina",
        "Turku",
    }
)
SWEDISH_REGIONS: frozenset[str] = frozenset({"Ahvenanmaa"})
# Share of Swedish speakers among residents (rounded from population statistics); other towns
# take their region's share, else one per cent.
SWEDISH_SPEAKERS: dict[str, float] = {
    "Helsinki": 0.055,
    "Espoo": 0.065,
    "Vantaa": 0.02,
    "Kauniainen": 0.33,
    "Kirkkonummi": 0.15,
    "Sipoo": 0.33,
    "Porvoo": 0.28,
    "Loviisa": 0.4,
    "Raasepori": 0.64,
    "Inkoo": 0.53,
    "Hanko": 0.42,
    "Turku": 0.05,
    "Parainen": 0.55,
    "Kemiönsaari": 0.7,
    "Vaasa": 0.22,
    "Mustasaari": 0.68,
    "Pietarsaari": 0.53,
    "Kokkola": 0.12,
    "Närpiö": 0.9,
    "Kristiinankaupunki": 0.55,
    "Uusikaarlepyy": 0.86,
    "Pedersören kunta": 0.9,
    "Kruunupyy": 0.73,
    "Luoto": 0.9,
    "Maalahti": 0.9,
    "Korsnäs": 0.97,
    "Vöyri": 0.8,
}
SWEDISH_SPEAKERS_ELSEWHERE: dict[str, float] = {"Ahvenanmaa": 0.86}

# --- employers -----------------------------------------------------------------------------

LEGAL_FORMS: tuple[str, ...] = ("Oy", "Oy", "Oy", "Oy", "Ab", "Ky", "Oyj", "Oy Ab")
EMPLOYER_PREFIXES: tuple[str, ...] = (
    "Suomen",
    "Pohjolan",
    "Nordic",
    "Järvi-Suomen",
    "Rannikon",
    "Sisä-Suomen",
    "Uusi",
    "Kotimaan",
    "Aalto",
    "Kaleva",
    "Sampo",
    "Louhi",
    "Tapio",
    "Ilmarin",
    "Honka",
)
# Public employers that appear in work histories.
PUBLIC_EMPLOYERS: dict[str, tuple[str, ...]] = {
    "health": (
        "{region_gen} hyvinvointialue",
        "{town_gen} kaupunki",
        "Mehiläinen",
        "Terveystalo",
        "Attendo",
        "Esperi Care",
        "Pihlajalinna",
    ),
    "social": (
        "{region_gen} hyvinvointialue",
        "{town_gen} kaupunki",
        "Pilke päiväkodit",
        "Touhula",
        "SOS-Lapsikylä",
        "Aspa-palvelut",
    ),
    "education": ("{town_gen} kaupunki", "{town_gen} seudun koulutuskuntayhtymä", "Kansanopisto"),
    "ict": (
        "Tietoevry",
        "Solita",
        "Reaktor",
        "Vincit",
        "Futurice",
        "Visma",
        "CGI Suomi",
        "Elisa",
        "Telia Finland",
        "DNA",
    ),
    "construction": ("YIT", "SRV", "Skanska", "NCC", "Lehto", "Consti", "Caverion", "Are"),
    "industry": (
        "Valmet",
        "Wärtsilä",
        "Kone",
        "Ponsse",
        "Konecranes",
        "SSAB",
        "Metso",
        "UPM",
        "Stora Enso",
        "Fiskars",
    ),
    "warehouse": ("Posti", "Kesko Logistiikka", "Inex Partners", "Tokmanni", "DHL", "Schenker"),
    "logistics": (
        "Posti",
        "Kaukokiito",
        "Schenker",
        "PostNord",
        "Kesko Logistiikka",
        "Koiviston Auto",
        "Nobina",
        "Transdev",
    ),
    "hospitality": (
        "Sodexo",
        "Compass Group",
        "Scandic",
        "Sokos Hotels",
        "Fazer Food Services",
        "Amica",
        "Ravintola Nokka",
        "HOK-Elanto",
    ),
    "property": ("ISS Palvelut", "Coor", "SOL Palvelut", "L&T", "Lassila & Tikanoja", "Kotikatu"),
    "sales": (
        "Kesko",
        "S-ryhmä",
        "Tokmanni",
        "Lidl Suomi",
        "Clas Ohlson",
        "Verkkokauppa.com",
        "Stockmann",
        "Intersport",
    ),
    "office": ("Accountor", "Talenom", "Administer", "Azets", "{town_gen} kaupunki"),
    "engineering": ("Sweco", "Ramboll", "AFRY", "WSP Finland", "Granlund", "Pöyry"),
    "agriculture": ("Metsähallitus", "Tapio", "Valio", "Atria", "Snellman"),
    "generic": ("{town_gen} kaupunki", "Barona", "StaffPoint", "Opteam", "Eilakaisla"),
}

# --- people --------------------------------------------------------------------------------

HEADLINES: tuple[str, ...] = (
    "Kokenut {title}, joka {trait}",
    "{Title}, {years} vuoden kokemus",
    "{Title} | {skill_a}, {skill_b}",
    "Luotettava ja oma-aloitteinen {title}",
    "{Title} – {skill_a} ja {skill_b}",
    "{Title}, joka {trait}",
    "Ammattitaitoinen {title} {city_from}",
)
HEADLINES_JUNIOR: tuple[str, ...] = (
    "Vastavalmistunut {title} etsii uutta haastetta",
    "Juuri valmistunut {title}, joka {trait}",
    "Vastavalmistunut {title} | {skill_a}, {skill_b}",
)
HEADLINES_EN: tuple[str, ...] = (
    "Experienced {title_en} | {skill_a}, {skill_b}",
    "{Title_en} with {years} years of experience",
)

SUMMARY_OPENERS: tuple[str, ...] = (
    "Olen {years} vuotta alalla työskennellyt {title}.",
    "Olen {title}, ja minulla on {years} vuoden kokemus alalta.",
    "Olen kokenut {title}, ja olen työskennellyt alalla vuodesta {since}.",
    "Olen ammatiltani {title} ja olen toiminut alalla {years} vuotta.",
)
SUMMARY_OPENERS_JUNIOR: tuple[str, ...] = (
    "Olen vastavalmistunut {title}, ja valmistuin vuonna {since}.",
    "Olen {title}. Valmistuin vuonna {since}, ja olen tehnyt alan töitä harjoitteluissa ja "
    "sijaisuuksissa.",
    "Olen juuri valmistunut {title}, ja etsin nyt ensimmäistä työpaikkaani alalta.",
)
SUMMARY_STRENGTHS: tuple[str, ...] = (
    "Vahvuuksiani ovat {skills}.",
    "Osaamiseni painottuu näihin: {skills}.",
    "Erityisosaamistani: {skills}.",
)
SUMMARY_PERSONAL: tuple[str, ...] = (
    "Olen luotettava, täsmällinen ja hyvä tiimipelaaja.",
    "Minua kuvaillaan rauhalliseksi ja ratkaisukeskeiseksi.",
    "Opin nopeasti uutta ja otan mielelläni vastuuta.",
    "Työkaverit tuntevat minut positiivisena ja ahkerana tekijänä.",
    "Vapaa-ajallani harrastan liikuntaa ja luen paljon.",
)
SUMMARY_WISHES: tuple[str, ...] = (
    "Etsin {kind} {place}.",
    "Haen {kind} {place}.",
)
SUMMARY_WORKING_TIME = "Toivon ensisijaisesti {time}."
SUMMARY_AVAILABLE_NOW = "Voin aloittaa heti."
SUMMARY_AVAILABLE_FROM = "Olen käytettävissä {date} alkaen."
SUMMARY_EN: tuple[str, ...] = (
    "I am a {title_en} with {years} years of experience. My strengths are {skills}. "
    "I am looking for a new role in {city} or remotely.",
    "{Title_en} with a background in {skills}. I enjoy working in international teams and "
    "I speak Finnish and English.",
)

# The kind of work wished, as the object of "etsin" ("etsin vakituista työtä").
WISH_KIND: dict[str, str] = {
    "permanent": "vakituista työtä",
    "fixed_term": "määräaikaista työtä",
    "summer": "kesätyötä",
    "internship": "harjoittelupaikkaa",
    "apprenticeship": "oppisopimuspaikkaa",
    "gig": "keikkatöitä",
}
WISH_WORKING_TIME: dict[str, str] = {
    "full_time": "kokoaikaista työtä",
    "part_time": "osa-aikaista työtä",
    "shift": "vuorotyötä",
}

# Places one wishes to work in; {town_in} is the locative of the person's home town.
WISH_PLACES: tuple[str, ...] = (
    "{town_in} tai lähialueilla",
    "{region_gen} alueelta",
    "{town_in}",
    "mieluiten {town_in}, mutta olen valmis myös muuttamaan",
)
WISH_PLACES_REMOTE = "joko {town_in} tai etänä"

# Case forms the headline uses for "from <town>".
CITY_FROM_TEMPLATE = "{town_gen} seudulta"

SCHOOLS_VOCATIONAL: tuple[str, ...] = (
    "Tredu",
    "Stadin ammatti- ja aikuisopisto",
    "Omnia",
    "Varia",
    "Gradia",
    "Savon ammattiopisto",
    "Sedu",
    "Osao",
    "Turun ammatti-instituutti",
    "Koulutuskeskus Salpaus",
    "Riveria",
    "Sataedu",
    "Vamia",
    "Keuda",
    "Careeria",
    "Ekami",
    "Lappia",
    "REDU",
    "Kpedu",
    "Taitotalo",
    "Hyria",
    "Luksia",
    "Kainuun ammattiopisto",
    "Yrkesinstitutet Prakticum",
)
SCHOOLS_UAS: tuple[str, ...] = (
    "Tampereen ammattikorkeakoulu",
    "Metropolia Ammattikorkeakoulu",
    "Laurea-ammattikorkeakoulu",
    "Turun ammattikorkeakoulu",
    "Oulun ammattikorkeakoulu",
    "Jyväskylän ammattikorkeakoulu",
    "Savonia-ammattikorkeakoulu",
    "LAB-ammattikorkeakoulu",
    "Haaga-Helia ammattikorkeakoulu",
    "Hämeen ammattikorkeakoulu",
    "Satakunnan ammattikorkeakoulu",
    "Seinäjoen ammattikorkeakoulu",
    "Lapin ammattikorkeakoulu",
    "Karelia-ammattikorkeakoulu",
    "Kajaanin ammattikorkeakoulu",
    "Centria-ammattikorkeakoulu",
    "Yrkeshögskolan Novia",
    "Arcada",
    "Kaakkois-Suomen ammattikorkeakoulu",
    "Diakonia-ammattikorkeakoulu",
    "Vaasan ammattikorkeakoulu",
)
SCHOOLS_UNIVERSITY: tuple[str, ...] = (
    "Helsingin yliopisto",
    "Tampereen yliopisto",
    "Turun yliopisto",
    "Oulun yliopisto",
    "Jyväskylän yliopisto",
    "Itä-Suomen yliopisto",
    "Aalto-yliopisto",
    "LUT-yliopisto",
    "Åbo Akademi",
    "Vaasan yliopisto",
    "Lapin yliopisto",
)
SCHOOLS_UPPER_SECONDARY: tuple[str, ...] = (
    "Tampereen lyseon lukio",
    "Kalevan lukio",
    "Helsingin Suomalainen Yhteiskoulu",
    "Oulun Lyseon lukio",
    "Kuopion Lyseon lukio",
    "Jyväskylän Lyseon lukio",
    "Lahden yhteiskoulu",
    "Porin lyseon lukio",
    "Vaasan lyseon lukio",
    "Kouvolan yhteislyseo",
    "Mikkelin lyseo",
    "Joensuun lyseon lukio",
    "Seinäjoen lukio",
    "Hämeenlinnan lyseon lukio",
    "Kajaanin lyseon lukio",
    "Ressun lukio",
    "Turun Klassillinen lukio",
    "Espoon yhteislyseon lukio",
    "Vantaan aikuislukio",
    "Lapin yhteiskoulu",
)
UPPER_SECONDARY_DEGREE = "Ylioppilastutkinto"
# Keywords in a degree title that tell which kind of school awards it.
DEGREE_SCHOOL_CUES: tuple[tuple[str, str], ...] = (
    ("(AMK)", "uas"),
    ("maisteri", "university"),
    ("kandidaatti", "university"),
    ("lisensiaatti", "university"),
    ("Diplomi-insinööri", "university"),
    ("opettajankoulutus", "uas"),
)

# Native languages other than Finnish and Swedish among jobseekers (ISO 639-1 codes).
OTHER_NATIVE_LANGUAGES: tuple[str, ...] = ("ru", "et", "ar", "so", "fa", "uk", "vi", "ku")

CONTACT_TITLES: tuple[str, ...] = (
    "osastonhoitaja",
    "palvelupäällikkö",
    "työnjohtaja",
    "tiiminvetäjä",
    "henkilöstöpäällikkö",
    "toimitusjohtaja",
    "ravintolapäällikkö",
    "myymäläpäällikkö",
    "rekrytoija",
)

# --- English postings (mostly ICT) -----------------------------------------------------------

EN_INTROS: tuple[str, ...] = (
    "We are looking for a {title_en} to join our team in {city}.",
    "We are hiring an experienced {title_en} for our product team.",
)
EN_DUTY_HEADING = "Your role"
EN_REQUIREMENT_HEADING = "What we expect"
EN_OFFER_HEADING = "What we offer"
EN_COMPANY_HEADING = "About us"
EN_DUTIES: tuple[str, ...] = (
    "You will design and build new features for our customers' digital services.",
    "You will work in a cross-functional team with designers and a product owner.",
    "You will take part in code reviews, testing and continuous improvement.",
    "You are responsible for keeping our cloud environments secure and running.",
)
EN_REQUIREMENTS: tuple[str, ...] = (
    "You have a few years of experience in a similar role.",
    "You have skills in {skills}.",
    "You communicate clearly in English; Finnish is a plus.",
)
EN_DESIRED = "Experience in {desired} is a plus."
EN_OFFERS: tuple[str, ...] = (
    "We offer flexible hours, remote work and a yearly training budget.",
    "We offer a modern toolset and a relaxed team.",
)
EN_COMPANY: tuple[str, ...] = (
    "Founded in {founded}, {org} is a software company with about {staff} employees.",
    "Our customers include listed companies and public sector organisations.",
)

# --- how postings and people spread over fields --------------------------------------------

# Relative share of postings and jobseekers per field (rough shape of Finnish job ads); a field's
# share is spread over its occupations.
FIELD_WEIGHTS: dict[str, float] = {
    "health": 5.0,
    "social": 3.0,
    "education": 1.5,
    "ict": 2.5,
    "construction": 3.0,
    "industry": 2.5,
    "logistics": 2.0,
    "warehouse": 1.5,
    "hospitality": 2.5,
    "property": 1.5,
    "sales": 3.0,
    "office": 2.0,
    "engineering": 1.5,
    "agriculture": 0.8,
    "generic": 1.0,
}

# Occupations nobody starts a career in: their people have at least a few years behind them.
SENIOR_CUES: tuple[str, ...] = (
    "päällikkö",
    "johtaja",
    "rehtori",
    "mestari",
    "controller",
    "konsultti",
    "arkkitehti",
    "erikoislääkäri",
    "tilintarkastaja",
    "kauppias",
)
# Occupations with many more openings and jobseekers than their field's average.
OCCUPATION_BOOST: dict[str, float] = {
    "sairaanhoitaja": 5.0,
    "lähihoitaja": 6.0,
    "varhaiskasvatuksen opettaja": 2.5,
    "myyjä": 4.0,
    "asiakaspalveluneuvoja": 3.0,
    "ohjelmistokehittäjä": 4.0,
    "kokki": 2.5,
    "tarjoilija": 2.0,
    "siivooja": 3.0,
    "varastotyöntekijä": 3.0,
    "kuorma-autonkuljettaja": 2.0,
    "sähköasentaja": 2.5,
    "kirvesmies": 2.0,
    "hitsaaja": 2.0,
    "kirjanpitäjä": 2.0,
    "toimistosihteeri": 1.5,
}

TITLE_SUFFIXES: dict[str, str] = {
    "permanent": "vakituinen",
    "fixed_term": "määräaikainen",
    "summer": "kesätyö",
    "internship": "harjoittelu",
    "apprenticeship": "oppisopimus",
    "gig": "keikkatyö",
}

# Degree for occupations whose field's list would not fit; keyed by the Finnish label.
DEGREES_BY_OCCUPATION: dict[str, str] = {
    "sairaanhoitaja": "Sairaanhoitaja (AMK)",
    "lähihoitaja": "Sosiaali- ja terveysalan perustutkinto, lähihoitaja",
    "terveydenhoitaja": "Terveydenhoitaja (AMK)",
    "kätilö": "Kätilö (AMK)",
    "ensihoitaja": "Ensihoitaja (AMK)",
    "fysioterapeutti": "Fysioterapeutti (AMK)",
    "toimintaterapeutti": "Toimintaterapeutti (AMK)",
    "hammaslääkäri": "Hammaslääketieteen lisensiaatti",
    "farmaseutti": "Farmaseutti",
    "bioanalyytikko": "Bioanalyytikko (AMK)",
    "sosiaalityöntekijä": "Yhteiskuntatieteiden maisteri, sosiaalityö",
    "varhaiskasvatuksen opettaja": "Kasvatustieteen kandidaatti, varhaiskasvatus",
    "lastenhoitaja": "Kasvatus- ja ohjausalan perustutkinto",
    "luokanopettaja": "Kasvatustieteen maisteri, luokanopettaja",
    "aineenopettaja": "Filosofian maisteri, opettajan pedagogiset opinnot",
    "kokki": "Ravintola- ja catering-alan perustutkinto, kokki",
    "tarjoilija": "Ravintola- ja catering-alan perustutkinto, tarjoilija",
    "siivooja": "Puhdistuspalvelualan perustutkinto",
    "kiinteistönhoitaja": "Kiinteistöpalvelujen perustutkinto",
    "sähköasentaja": "Sähkö- ja automaatioalan perustutkinto",
    "putkiasentaja": "Talotekniikan perustutkinto, putkiasentaja",
    "kirvesmies": "Rakennusalan perustutkinto, talonrakentaja",
    "maalari": "Pintakäsittelyalan perustutkinto, maalari",
    "hitsaaja": "Kone- ja tuotantotekniikan perustutkinto, hitsaaja",
    "koneistaja": "Kone- ja tuotantotekniikan perustutkinto, koneistaja",
    "kuorma-autonkuljettaja": "Logistiikan perustutkinto, kuljetuspalvelut",
    "linja-autonkuljettaja": "Logistiikan perustutkinto, linja-autonkuljettaja",
    "varastotyöntekijä": "Logistiikan perustutkinto, varastopalvelut",
    "myyjä": "Liiketoiminnan perustutkinto",
    "kirjanpitäjä": "Tradenomi (AMK), taloushallinto",
    "palkanlaskija": "Tradenomi (AMK), taloushallinto",
    "ohjelmistokehittäjä": "Insinööri (AMK), tieto- ja viestintätekniikka",
    "yleislääkäri": "Lääketieteen lisensiaatti",
    "erikoislääkäri": "Lääketieteen lisensiaatti, erikoislääkärin tutkinto",
    "eläinlääkäri": "Eläinlääketieteen lisensiaatti",
    "proviisori": "Proviisori (FaM)",
    "röntgenhoitaja": "Röntgenhoitaja (AMK)",
    "suuhygienisti": "Suuhygienisti (AMK)",
    "optikko": "Optometristi (AMK)",
    "puheterapeutti": "Logopedian maisteri",
    "ravitsemusterapeutti": "Terveystieteiden maisteri, ravitsemustiede",
    "terveystarkastaja": "Terveystarkastaja (AMK)",
    "koulutettu hieroja": "Hieronnan ammattitutkinto",
    "osastonhoitaja": "Terveystieteiden maisteri",
    "hoiva-avustaja": "Hoiva-avustajan koulutus",
    "välinehuoltaja": "Välinehuoltajan ammattitutkinto",
    "psykologi": "Psykologian maisteri",
    "hoivakodin johtaja": "Sosionomi (AMK), johtamisen erikoistumisopinnot",
    "erityisopettaja": "Kasvatustieteen maisteri, erityispedagogiikka",
    "kieltenopettaja": "Filosofian maisteri, kielet",
    "yliopistonlehtori": "Filosofian tohtori",
    "ammatillinen opettaja": "Ammatillinen opettajankoulutus",
    "opinto-ohjaaja": "Kasvatustieteen maisteri, opinto-ohjaus",
    "rehtori": "Kasvatustieteen maisteri",
    "autokoulun opettaja": "Liikenneopettajan koulutus",
    "keittiömestari": "Ruokapalvelujen ammattitutkinto",
    "baarimestari": "Ravintola- ja catering-alan perustutkinto",
    "leipuri": "Elintarvikealan perustutkinto, leipuri",
    "parturi-kampaaja": "Hius- ja kauneudenhoitoalan perustutkinto",
    "kosmetologi": "Hius- ja kauneudenhoitoalan perustutkinto, kosmetologi",
    "vartija": "Turvallisuusalan perustutkinto",
    "järjestyksenvalvoja": "Turvallisuusalan perustutkinto",
    "pelastaja": "Pelastaja (tutkinto)",
    "poliisi": "Poliisi (AMK)",
    "arkkitehti": "Arkkitehti (DI)",
    "lakimies": "Oikeustieteen maisteri",
    "lakiassistentti": "Oikeustradenomi (AMK)",
    "pappi": "Teologian maisteri",
    "toimittaja": "Valtiotieteiden kandidaatti, journalistiikka",
    "kääntäjä": "Filosofian maisteri, kääntäminen",
    "graafinen suunnittelija": "Medianomi (AMK)",
    "sisällöntuottaja": "Medianomi (AMK)",
    "valokuvaaja": "Medianomi (AMK)",
    "rakennusmestari": "Rakennusmestari (AMK)",
    "lentäjä": "Liikennelentäjän koulutus",
}

# --- licences and languages ------------------------------------------------------------------

# Licences and cards typical of an occupation (by Finnish label, lower case), else of its field.
LICENCES_BY_OCCUPATION: dict[str, tuple[str, ...]] = {
    "kuorma-autonkuljettaja": ("DL-CE", "PROF-C", "TACHO"),
    "linja-autonkuljettaja": ("DL-D", "PROF-D", "TACHO"),
    "jakelunkuljettaja": ("DL-B",),
    "taksinkuljettaja": ("DL-B", "TAXI"),
    "trukinkuljettaja": ("FORKLIFT",),
    "varastotyöntekijä": ("FORKLIFT",),
    "terminaalityöntekijä": ("FORKLIFT",),
    "nosturinkuljettaja": ("CRANE", "SAFETY"),
    "maanrakennuskoneenkuljettaja": ("SAFETY",),
    "kansimies": ("STCW",),
    "kokki": ("HYGIENE",),
    "keittiömestari": ("HYGIENE",),
    "keittiöapulainen": ("HYGIENE",),
    "pikaruokatyöntekijä": ("HYGIENE",),
    "kahvilatyöntekijä": ("HYGIENE",),
    "leipuri": ("HYGIENE",),
    "lihanleikkaaja": ("HYGIENE",),
    "elintarviketyöntekijä": ("HYGIENE",),
    "tarjoilija": ("HYGIENE", "ALCOHOL"),
    "baarimestari": ("ALCOHOL", "HYGIENE"),
    "ravintolapäällikkö": ("ALCOHOL", "HYGIENE"),
    "hitsaaja": ("HOTWORK", "WELD"),
    "levyseppä": ("HOTWORK",),
    "sähköasentaja": ("ELEC", "SAFETY"),
    "teollisuussähköasentaja": ("ELEC",),
    "verkostoasentaja": ("ELEC", "SAFETY"),
    "kattoasentaja": ("SAFETY", "HOTWORK"),
    "putkiasentaja": ("SAFETY", "HOTWORK"),
    "vartija": ("GUARD",),
    "järjestyksenvalvoja": ("DOOR", "FIRSTAID-1"),
    "pelastaja": ("DL-C", "FIRSTAID-2"),
    "sairaanhoitaja": ("HEALTH-LIC", "LOVE"),
    "terveydenhoitaja": ("HEALTH-LIC", "LOVE"),
    "kätilö": ("HEALTH-LIC", "LOVE"),
    "ensihoitaja": ("HEALTH-LIC", "LOVE"),
    "osastonhoitaja": ("HEALTH-LIC", "LOVE"),
    "lähihoitaja": ("LOVE",),
    "yleislääkäri": ("HEALTH-LIC",),
    "erikoislääkäri": ("HEALTH-LIC",),
    "hammaslääkäri": ("HEALTH-LIC",),
    "fysioterapeutti": ("HEALTH-LIC",),
    "röntgenhoitaja": ("HEALTH-LIC",),
    "proviisori": ("HEALTH-LIC",),
    "farmaseutti": ("HEALTH-LIC",),
    "luokanopettaja": ("TEACHER",),
    "aineenopettaja": ("TEACHER",),
    "erityisopettaja": ("TEACHER",),
    "kieltenopettaja": ("TEACHER",),
    "ammatillinen opettaja": ("TEACHER",),
    "maataloustyöntekijä": ("DL-T",),
    "maanviljelijä": ("DL-T",),
}
LICENCES_BY_FIELD: dict[str, tuple[str, ...]] = {
    "construction": ("SAFETY", "VALTTI"),
}
# The driving licence many adults have regardless of occupation.
COMMON_DRIVING_LICENCE = "DL-B"

# Taxonomy codes of the languages the generator writes about, by ISO 639-1 code.
LANGUAGE_CODES: dict[str, str] = {
    "fi": "fi",
    "sv": "sv",
    "en": "en",
    "ru": "ru",
    "et": "et",
    "ar": "ar",
    "so": "so",
    "fa": "fa",
    "uk": "uk",
    "vi": "vi",
    "ku": "ku",
}
