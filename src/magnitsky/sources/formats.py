"""The list formats Magnitsky reads, by name, and where each one's parser is: imported by
:mod:`magnitsky.sources.registry` when a file of that format is read, so naming the formats (the
command line's ``--help``) imports no parser."""

# format name -> "module:Class". Order matters for detection: more specific formats first.
PARSER_CLASSES = {
    "ofac_advanced_xml": "magnitsky.sources.ofac_advanced_xml:OfacAdvancedXmlParser",
    "ofac_xml": "magnitsky.sources.ofac_xml:OfacXmlParser",
    "ofac_csv": "magnitsky.sources.ofac_csv:OfacSdnCsvParser",
    "ofac_cons_csv": "magnitsky.sources.ofac_csv:OfacConsCsvParser",
    "un_xml": "magnitsky.sources.un_xml:UnXmlParser",
    "eu_xml": "magnitsky.sources.eu_xml:EuXmlParser",
    "uk_xml": "magnitsky.sources.uk_xml:UkXmlParser",
    "ofsi_csv": "magnitsky.sources.ofsi_csv:OfsiCsvParser",
    "ofsi_xlsx": "magnitsky.sources.ofsi_xlsx:OfsiXlsxParser",
    "dfat_xlsx": "magnitsky.sources.dfat_xlsx:DfatXlsxParser",
    "bis_dpl": "magnitsky.sources.bis_dpl:BisDplParser",
    "canada_xml": "magnitsky.sources.canada_xml:CanadaXmlParser",
    "ftm_json": "magnitsky.sources.ftm_json:FtmJsonParser",
    "simple_csv": "magnitsky.sources.simple_csv:SimpleCsvParser",
}
PARSERS = tuple(PARSER_CLASSES)
