// Cue words and place vocabularies for the free-text matchers. Street suffixes and state
// codes follow USPS Publication 28 (appendices B and C1); the rest is general usage.

/// The one vocabulary of cues, months and institution words, shared by dcm-scrub's free-text
/// cleaner (DeidScrub/Text, hashed into word sets) and dcm-redact-pixels' matcher of OCR
/// words (DeidPixels/TextMatcher, upper-cased), so that both know the same forms.
public enum CueVocabulary {
    /// English function words (NLTK's list as the scorer uses it, plus a few).
    public static let stopWords = """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
        she her hers herself it its itself they them their theirs themselves what which who whom
        this that these those am is are was were be been being have has had having do does did doing
        a an the and but if or because as until while of at by for with about against between into
        through during before after above below to from up down in out on off over under again
        further then once here there when where why how all any both each few more most other some
        such no nor not only own same so than too very s t can will just don should now d ll m o re
        ve y ain per via vs versus plus minus
        """

    /// Particles and suffixes of names that are cut only as part of a whole name.
    public static let nameParticles = """
        de da di do du del della der den des van von la le lo los las el al bin ben ibn st ste san
        santa mc mac jr sr ii iii iv md phd rn np pa dr mr mrs ms miss mx prof
        """

    /// A name follows (titles, labels ending in ':' are handled by the matcher).
    public static let strongNameCues = """
        dr doctor mr mrs ms miss mx prof professor sir madam
        """

    /// A "First Last" pair from the name lists after these is a name.
    public static let weakNameCues = """
        for pt patient patients name named by with per to from cc attn attending referring referrer
        physician radiologist technologist tech technician operator nurse resident fellow surgeon
        provider reader reviewer author contact son daughter wife husband mother father spouse
        guardian dear mother's father's ref phys ordering requesting consulting interpreting performing
        reading verifying admitting
        """

    /// Role cues: a person's name follows whatever its words are ("tech Moss", "re Rose Hill",
    /// "cc J. Marsh"), as long as they are no clinical words and, unlisted, look like a name.
    public static let roleCues = """
        tech techs technologist technician radiographer sonographer pt patient attn cc re per
        attending referring physician radiologist nurse resident fellow surgeon operator reader
        reviewer provider called paged notified callback contacted informed dear
        """

    /// "<verb> with" introduces a person ("discussed with", "spoke with").
    public static let withVerbs = """
        discussed spoke spoken talked conferred consulted reviewed communicated
        """

    /// "<verb> by" introduces a person.
    public static let byVerbs = """
        read reviewed dictated signed ordered referred requested approved verified interpreted
        transcribed seen examined reported authored prepared checked performed scanned attended
        supervised electronically confirmed countersigned sent copied
        """

    /// The next token holding digits is an identifier.
    public static let idCues = """
        mrn id ids acc accession accn acct account pid patid chart record fin enc
        encounter visit case no nr num number ssn sin nhs medicare medicaid insurance policy
        member subscriber license lic dl passport badge emp employee order req requisition
        serial sn
        """

    /// A phone number follows.
    public static let phoneCues = """
        call tel telephone phone ph phn fax cell mobile pager beeper contact ext extension reach
        """

    /// Labels: never the start of a name.
    public static let labels = """
        mrn ssn dob id acc accession tel phone fax email mail url www http https md phd rn do
        dds dmd np pa pac crna mba ms msc bsc jr sr ii iii iv esq
        """

    /// Titles and degrees that go with a cut name.
    public static let nameSuffixes = """
        md phd rn np pa pac do dds dmd jr sr ii iii iv mbbs frcr frcp facr esq crna rt rtr
        """

    /// USPS street suffixes (C1) with their standard abbreviations.
    public static let streetSuffixes = """
        alley aly allee anex annex anx arcade arc avenue av ave aven avn bayou byu beach bch bend bnd
        bluff blf bluffs blfs bottom btm boulevard blvd boul branch br brnch bridge brg brook brk
        brooks brks burg bg burgs bgs bypass byp camp cp canyon cyn cape cpe causeway cswy center ctr
        centre centers ctrs circle cir circ circles cirs cliff clf cliffs clfs club clb common cmn
        commons cmns corner cor corners cors course crse court ct courts cts cove cv coves cvs creek
        crk crescent cres crest crst crossing xing crossroad xrd crossroads xrds curve curv dale dl
        dam dm divide dv drive dr drv drives drs estate est estates ests expressway expy exp
        extension ext extensions exts fall falls fls ferry fry field fld fields flds flat flt flats
        flts ford frd fords frds forest frst forge frg forges frgs fork frk forks frks fort ft
        freeway fwy garden gdn gardens gdns gateway gtwy glen gln glens glns green grn greens grns
        grove grv groves grvs harbor hbr harbors hbrs haven hvn heights hts highway hwy hill hl hills
        hls hollow holw inlet inlt island is islands iss isle junction jct junctions jcts key ky keys
        kys knoll knl knolls knls lake lk lakes lks land landing lndg lane ln light lgt lights lgts
        loaf lf lock lck locks lcks lodge ldg loop mall manor mnr manors mnrs meadow mdw meadows mdws
        mews mill ml mills mls mission msn motorway mtwy mount mt mountain mtn mountains mtns neck nck
        orchard orch oval ovl overpass opas park prk parks parkway pkwy parkways pkwys pass passage
        psge path pike pine pne pines pnes place pl plain pln plains plns plaza plz point pt points
        pts port prt ports prts prairie pr radial radl ramp ranch rnch rapid rpd rapids rpds rest rst
        ridge rdg ridges rdgs river riv road rd roads rds route rte row rue run shoal shl shoals shls
        shore shr shores shrs skyway skwy spring spg springs spgs spur spurs square sq squares sqs
        station sta stravenue stra stream strm street st str streets sts summit smt terrace ter
        throughway trwy trace trce track trak trafficway trfy trail trl trailer trlr tunnel tunl
        turnpike tpke underpass upas union un unions uns valley vly valleys vlys via viaduct vdct
        view vw views vws village vlg villages vlgs ville vl vista vis walk walks wall way wy ways
        well wl wells wls
        """

    /// Secondary unit designators (USPS C2) and box words.
    public static let addressUnits = """
        apt apartment suite ste unit bldg building fl floor rm room dept department box lot ofc office
        ph penthouse spc space trlr hngr pier slip stop
        """

    /// USPS state, district and territory codes.
    public static let stateCodes = """
        al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm
        ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc as gu mp pr vi um fm mh pw aa ae ap
        """

    /// One-word state names (two-word names are matched by their second word with a first).
    public static let stateNames = """
        alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
        hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
        michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
        pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming guam
        """

    /// Words that end an institution name on their own.
    public static let institutionHeads = """
        hospital hospitals clinic clinics clinique klinik klinikum kliniken krankenhaus
        infirmary sanatorium hospice institute institut instituto istituto university universitaet
        universität universite université universidad universita università college hopital hôpital
        hospitalier ospedale ospedaliera ziekenhuis sjukhus szpital healthcare polyclinic policlinico
        """

    /// Words that end an institution name after a descriptor ("Medical Center", "Health System").
    public static let institutionTails = """
        center centre centers centres system systems group associates partners foundation network
        services practice
        """

    /// Descriptors inside institution names that are clinical words elsewhere.
    public static let institutionWords = """
        medical health heart cancer eye ear children childrens women womens kidney bone joint spine
        orthopedic orthopaedic rehabilitation rehab imaging radiology diagnostic diagnostics surgical
        surgery trauma cardiac cardiology oncology neuro neurology neuroscience pediatric memorial
        general regional community county city state university teaching veterans va
        """

    /// Month names and abbreviations (English; a few common European forms).
    public static let months: [(String, Int)] = [
        ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3),
        ("april", 4), ("apr", 4), ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7),
        ("august", 8), ("aug", 8), ("september", 9), ("sep", 9), ("sept", 9), ("october", 10),
        ("oct", 10), ("november", 11), ("nov", 11), ("december", 12), ("dec", 12),
        ("januar", 1), ("februar", 2), ("märz", 3), ("maerz", 3), ("mai", 5), ("juni", 6),
        ("juli", 7), ("okt", 10), ("oktober", 10), ("dez", 12), ("dezember", 12),
        ("janvier", 1), ("fevrier", 2), ("février", 2), ("mars", 3), ("avril", 4), ("juin", 6),
        ("juillet", 7), ("aout", 8), ("août", 8), ("septembre", 9), ("octobre", 10),
        ("novembre", 11), ("decembre", 12), ("décembre", 12),
        ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6),
        ("julio", 7), ("agosto", 8), ("septiembre", 9), ("octubre", 10), ("noviembre", 11),
        ("diciembre", 12)
    ]
}

extension CueVocabulary {
    /// The words of one of the lists above (white-space separated).
    public static func words(_ list: String) -> [Substring] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" })
    }
}
