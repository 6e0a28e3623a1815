def test_a_turkish_limited_company_is_one_firm_however_its_s_is_written() -> None:
    """``Ltd. Şti.`` (Limited Şirketi) is a legal form, with ş as ``s`` or as ``sh``."""
    from tamga.screening.names import analyze

    forms = {analyze(n).tokens for n in ("Anadolu Supply Ltd. Şti.", "Anadolu Supply Ltd Sti")}
    assert len(forms) == 1
