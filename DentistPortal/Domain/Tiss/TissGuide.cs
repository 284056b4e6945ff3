namespace DentistPortal.Domain.Tiss;

/// <summary>
/// How the attendance was confirmed, which decides the one field a TISS dental guide carries about it:
/// <c>codValidacao</c> for a token (at the chair or late), <c>ausenciaCodValidacao</c> (TUSS table 74) otherwise.
/// Exactly one, never both, never neither (TISS 4.01.00 <c>cto_guiaOdontologia</c>; issue 11).
/// </summary>
public abstract record TissAttendanceProof
{
    private TissAttendanceProof() { }

    /// <summary>Validated by the patient's token: <paramref name="Reference"/> is the validation reference
    /// (1–10 characters, unique per validation, never the code itself) written to <c>codValidacao</c>.</summary>
    public sealed record Validation : TissAttendanceProof
    {
        public Validation(string reference)
        {
            if (string.IsNullOrWhiteSpace(reference) || reference.Length > 10)
                throw new ArgumentException("A validation reference has 1 to 10 characters (st_texto10).", nameof(reference));
            Reference = reference;
        }

        public string Reference { get; }
    }

    /// <summary>No token (signed guide, contingency number): <paramref name="Tuss74Code"/> is the two-character
    /// TUSS 74 code written to <c>ausenciaCodValidacao</c> (e.g. "03").</summary>
    public sealed record Absence : TissAttendanceProof
    {
        public Absence(string tuss74Code)
        {
            if (!Tuss74.IsCode(tuss74Code)) throw new ArgumentException("Only TUSS table 74 codes (dm_ausenciaCodValidacao).", nameof(tuss74Code));
            Tuss74Code = tuss74Code;
        }

        public string Tuss74Code { get; }
    }
}

/// <summary>The dentist who performed the procedures (<c>dadosProfissionaisResponsaveis</c>).</summary>
/// <param name="CodigoProfExec">Dentist's code at the operator or CPF (st_texto14).</param>
/// <param name="Name">Full name (st_texto70, written as <c>nomeProfExec2</c> only when the writer chooses to).</param>
/// <param name="CroNumber">CRO number (st_texto15).</param>
/// <param name="CroUf">UF of the CRO as letters ("SP"); the writer converts to the IBGE code of <c>dm_UF</c> ("35").</param>
/// <param name="Cnes">CNES of the clinic (st_texto7).</param>
/// <param name="Cbos">CBO-S of the dentist (<c>dm_CBOS</c>, e.g. "223208" cirurgião-dentista clínico geral).</param>
public sealed record TissExecutingDentist(string CodigoProfExec, string Name, string CroNumber, string CroUf, string Cnes, string Cbos);

/// <summary>One performed procedure (<c>procedimentosExecutados</c>), already filtered: denied procedures are never billed.</summary>
/// <param name="Sequence">sequencialItem, 1-based.</param>
/// <param name="TussCode">TUSS table 22 code (codigoTabela "22", codigoProcedimento).</param>
/// <param name="Description">descricaoProcedimento (st_texto150; truncated by the writer).</param>
/// <param name="Tooth">FDI tooth (codDente, <c>dm_dente</c>) or null.</param>
/// <param name="Region">Region code (codRegiao, <c>dm_regiao</c>, e.g. "AS", "HASD", "S1") or null; never with a tooth.</param>
/// <param name="Faces">denteFace: up to 5 of the letters O I M D V L P, or null.</param>
/// <param name="Quantity">qtdProc (1–99).</param>
/// <param name="UnitPrice">The plan's price for the procedure in reais (valorProc is quantity × unit price, 2 decimals).</param>
/// <param name="Authorized">autorizado.</param>
/// <param name="PerformedOn">dataRealizacao: the validation's date (token paths) or the auditor-confirmed date (signed guide).</param>
public sealed record TissPerformedProcedure(int Sequence, string TussCode, string Description, int? Tooth, string? Region, string? Faces,
    int Quantity, decimal UnitPrice, bool Authorized, DateOnly PerformedOn)
{
    /// <summary>valorProc in reais.</summary>
    public decimal Value => decimal.Round(UnitPrice * Quantity, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// One dental guide (<c>guiaOdonto</c>, type <c>cto_guiaOdontologia</c> of TISS 4.01.00) as the export builds it from a
/// validated treatment. Lengths are the standard's; the writer truncates text, it never fails on long names.
/// </summary>
/// <param name="OperatorAnsRegistration">registroANS of the operator (6 digits).</param>
/// <param name="GuideNumber">numeroGuiaPrestador: the treatment number (st_texto20).</param>
/// <param name="AuthorizedOn">dataAutorizacao, the submission date, or null.</param>
/// <param name="Proof">codValidacao xor ausenciaCodValidacao.</param>
/// <param name="CardNumber">numeroCarteira (st_texto20), digits only.</param>
/// <param name="PlanName">planoBeneficiario (st_texto40).</param>
/// <param name="Dentist">The executing dentist.</param>
/// <param name="Procedures">At least one performed procedure.</param>
/// <param name="FinishedOn">dataTerminoTrat: the latest performed date.</param>
/// <param name="AttendanceType">tipoAtendimento (<c>dm_tipoAtendimentoOdonto</c>): "1" tratamento odontológico … "4" urgência.</param>
/// <param name="BillingType">tipoFaturamento (<c>dm_tipoFaturamentoOdonto</c>): "4" total, "1" parcial.</param>
public sealed record TissDentalGuide(string OperatorAnsRegistration, string GuideNumber, DateOnly? AuthorizedOn, TissAttendanceProof Proof,
    string CardNumber, string PlanName, TissExecutingDentist Dentist, IReadOnlyList<TissPerformedProcedure> Procedures,
    DateOnly FinishedOn, string AttendanceType = "1", string BillingType = "4")
{
    /// <summary>valorTotalProc in reais.</summary>
    public decimal TotalValue => Procedures.Sum(p => p.Value);
}

/// <summary>Who sends the batch (<c>cabecalho/origem/identificacaoPrestador</c>): the clinic's code at the operator when it
/// has one, otherwise its CNPJ (14 digits).</summary>
public sealed record TissProvider(string? CodeAtOperator, string Cnpj);

/// <summary>
/// What a batch file needs besides its guides (<c>cabecalho</c> and <c>loteGuias/numeroLote</c>).
/// </summary>
/// <param name="TransactionSequence">sequencialTransacao (st_texto12), unique per export file.</param>
/// <param name="BatchNumber">numeroLote (st_texto12), unique per export file.</param>
/// <param name="RegisteredAt">dataRegistroTransacao/horaRegistroTransacao in Brasília time.</param>
/// <param name="Origin">The clinic.</param>
/// <param name="DestinationAnsRegistration">The operator's ANS registration (6 digits).</param>
public sealed record TissBatchHeader(string TransactionSequence, string BatchNumber, DateTime RegisteredAt, TissProvider Origin,
    string DestinationAnsRegistration);
