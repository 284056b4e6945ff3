using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using DentistPortal.Domain.Tiss;

namespace DentistPortal.Infrastructure.Tiss;

/// <summary>
/// Writes one TISS 4.01.00 message <c>mensagemTISS</c> → <c>cabecalho</c> (ENVIO_LOTE_GUIAS) →
/// <c>prestadorParaOperadora/loteGuias/guiasTISS/guiaOdonto</c> (1–100 <c>cto_guiaOdontologia</c>) → <c>epilogo/hash</c>,
/// in ISO-8859-1, deterministically (same input, same bytes). Issue 11 (TISS export).
/// </summary>
/// <remarks>
/// <para><b>epilogo/hash</b>: MD5 of the concatenated contents (text values, no tag names, no attributes) of every element of
/// the message before the <c>epilogo</c>, in document order, encoded in ISO-8859-1, as lower-case hex. Sources: ANS, Padrão
/// TISS, Componente de Comunicação ("deve ser utilizado o formato MD5 para hash … é obrigatória a utilização do encoding
/// ISO-8859-1", quoted by Saúde CAIXA's provider FAQ on "Hash informado no XML inválido"); the SIB-XML rule the ANS states
/// the same way ("os conteúdos das tags concatenados em uma única string, na ordem de ocorrência … excetuando-se o
/// epílogo"). The file has no whitespace between tags, so the readings "contents of the leaf elements" and "all characters
/// between the tags" give the same string. Some third parties (github.com/petrinhu/TISS_ANS_hash, SPEC §4) report operators
/// accepting the UTF-8 bytes instead; <see cref="HashEncoding"/> is the one place to change if an operator requires it
/// (pure-ASCII content hashes the same either way).</para>
/// <para><b>File name</b>: the transaction sequence left-padded with zeros to 20 characters, "_", the hash, ".xml"
/// (e.g. <c>00000000000000000042_9e107d9d372bb6826bd81d3542a419d6.xml</c>), the naming the operators' TISS upload portals
/// expect for batch messages.</para>
/// <para>Free text (plan, procedure description, dentist name) is cleaned and truncated at the right to its field
/// (<see cref="TissText"/>); identifiers (guide number, card, codes, CRO, CNES) are never truncated: one too long is
/// refused, since a cut identifier would bill the wrong record.</para>
/// </remarks>
public static class TissBatchWriter
{
    /// <summary>At most 100 guides per <c>loteGuias</c> (<c>ctm_guiaLote/guiasTISS/guiaOdonto maxOccurs="100"</c>).</summary>
    public const int MaxGuidesPerBatch = 100;

    /// <summary>The TISS namespace, written with the prefix "ans".</summary>
    public const string Namespace = "http://www.ans.gov.br/padroes/tiss/schemas";

    /// <summary><c>dm_versao</c> of the schemas this writer follows.</summary>
    public const string Version = "4.01.00";

    /// <summary>The file's encoding (ISO-8859-1, as TISS requires).</summary>
    public static readonly Encoding FileEncoding = Encoding.Latin1;

    /// <summary>The bytes the epilogo MD5 is computed over (see remarks).</summary>
    public static readonly Encoding HashEncoding = Encoding.Latin1;

    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly byte[] Declaration = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = Encoding.Latin1,
        OmitXmlDeclaration = true, // written above with the upper-case name TISS files use
        Indent = false,
        CloseOutput = false,
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <summary>One mensagemTISS file with 1..100 guides; throws <see cref="ArgumentException"/> otherwise, or when a
    /// guide cannot be written (no procedures, a tooth outside <c>dm_dente</c>, a region outside <c>dm_regiao</c>, faces
    /// outside O L M V D I P, an identifier too long…). Messages name the field and the guide's position, never personal data.</summary>
    public static TissFile Write(TissBatchHeader header, IReadOnlyList<TissDentalGuide> guides)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(guides);
        if (guides.Count is 0 or > MaxGuidesPerBatch)
            throw new ArgumentException($"Um lote TISS tem de 1 a {MaxGuidesPerBatch} guias.", nameof(guides));

        var sequence = Identifier(header.TransactionSequence, 12, "sequencialTransacao");
        using var stream = new MemoryStream();
        stream.Write(Declaration);
        var message = new MessageWriter(XmlWriter.Create(stream, Settings));
        message.Root();
        WriteHeader(message, header, sequence);
        message.Start("prestadorParaOperadora");
        message.Start("loteGuias");
        message.Leaf("numeroLote", Identifier(header.BatchNumber, 12, "numeroLote"));
        message.Start("guiasTISS");
        for (var i = 0; i < guides.Count; i++) WriteGuide(message, guides[i], i + 1);
        message.End(); // guiasTISS
        message.End(); // loteGuias
        message.End(); // prestadorParaOperadora
        var hash = message.Hash();
        message.Start("epilogo");
        message.Leaf("hash", hash);
        message.End();
        message.Finish();

        var fileSequence = new string(sequence.Where(char.IsAsciiLetterOrDigit).ToArray()).PadLeft(20, '0');
        return new TissFile($"{fileSequence}_{hash}.xml", "application/xml", stream.ToArray());
    }

    private static void WriteHeader(MessageWriter message, TissBatchHeader header, string sequence)
    {
        ArgumentNullException.ThrowIfNull(header.Origin, nameof(header.Origin));
        message.Start("cabecalho");
        message.Start("identificacaoTransacao");
        message.Leaf("tipoTransacao", "ENVIO_LOTE_GUIAS");
        message.Leaf("sequencialTransacao", sequence);
        message.Leaf("dataRegistroTransacao", header.RegisteredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        message.Leaf("horaRegistroTransacao", header.RegisteredAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        message.End();
        message.Start("origem");
        message.Start("identificacaoPrestador");
        var code = TissText.Clean(header.Origin.CodeAtOperator);
        if (code.Length > 0) message.Leaf("codigoPrestadorNaOperadora", Identifier(code, 14, "codigoPrestadorNaOperadora"));
        else message.Leaf("CNPJ", ExactDigits(header.Origin.Cnpj, 14, "CNPJ"));
        message.End();
        message.End();
        message.Start("destino");
        message.Leaf("registroANS", ExactDigits(header.DestinationAnsRegistration, 6, "registroANS (destino)"));
        message.End();
        message.Leaf("Padrao", Version);
        message.End();
    }

    private static void WriteGuide(MessageWriter message, TissDentalGuide guide, int position)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var where = $"guia {position} do lote";
        if (guide.Procedures is not { Count: > 0 })
            throw new ArgumentException($"A {where} não tem procedimentos executados.", nameof(guide));
        ArgumentNullException.ThrowIfNull(guide.Dentist);

        message.Start("guiaOdonto");
        message.Leaf("registroANS", ExactDigits(guide.OperatorAnsRegistration, 6, $"registroANS da {where}"));
        message.Leaf("numeroGuiaPrestador", Identifier(guide.GuideNumber, 20, $"numeroGuiaPrestador da {where}"));
        if (guide.AuthorizedOn is { } authorizedOn) message.Leaf("dataAutorizacao", Date(authorizedOn));
        switch (guide.Proof)
        {
            case TissAttendanceProof.Absence absence:
                message.Leaf("ausenciaCodValidacao", absence.Tuss74Code);
                break;
            case TissAttendanceProof.Validation validation:
                message.Leaf("codValidacao", Identifier(validation.Reference, 10, $"codValidacao da {where}"));
                break;
            default:
                throw new ArgumentException($"A {where} não diz como o atendimento foi confirmado (codValidacao ou ausenciaCodValidacao).", nameof(guide));
        }
        message.Start("dadosBeneficiario");
        var card = TissText.Digits(guide.CardNumber);
        if (card.Length is 0 or > 20) throw new ArgumentException($"numeroCarteira da {where} deve ter de 1 a 20 dígitos.", nameof(guide));
        message.Leaf("numeroCarteira", card);
        message.Leaf("atendimentoRN", "N");
        message.End();
        message.Leaf("planoBeneficiario", FreeText(guide.PlanName, 40, $"planoBeneficiario da {where}"));
        WriteDentist(message, guide.Dentist, where);

        var sequences = new HashSet<int>();
        foreach (var procedure in guide.Procedures)
        {
            ArgumentNullException.ThrowIfNull(procedure);
            if (!sequences.Add(procedure.Sequence))
                throw new ArgumentException($"sequencialItem {procedure.Sequence} repetido na {where}.", nameof(guide));
            WriteProcedure(message, procedure, $"item {procedure.Sequence} da {where}");
        }

        message.Leaf("dataTerminoTrat", Date(guide.FinishedOn));
        message.Leaf("tipoAtendimento", guide.AttendanceType is "1" or "2" or "3" or "4" or "5"
            ? guide.AttendanceType
            : throw new ArgumentException($"tipoAtendimento da {where} fora de dm_tipoAtendimentoOdonto (1 a 5).", nameof(guide)));
        message.Leaf("tipoFaturamento", guide.BillingType is "1" or "4"
            ? guide.BillingType
            : throw new ArgumentException($"tipoFaturamento da {where} fora de dm_tipoFaturamentoOdonto (1 ou 4).", nameof(guide)));
        message.Leaf("valorTotalProc", Money(guide.TotalValue, 99_999_999.99m, $"valorTotalProc da {where}"));
        message.End();
    }

    /// <summary>
    /// <c>dadosProfissionaisResponsaveis</c>. The GTO's "contratado executante" fields (codigoProfExec, croExec, ufExec,
    /// cnesExec) and its "profissional executante" fields (nomeProfExec2, croExec2, ufExec2, cbosExec2) are both filled
    /// from the one dentist the contract carries, so the operator can identify the professional by name and CRO
    /// (the schema's optional nomeProfExec2/croExec2/ufExec2).
    /// </summary>
    private static void WriteDentist(MessageWriter message, TissExecutingDentist dentist, string where)
    {
        var cro = Identifier(dentist.CroNumber, 15, $"croExec da {where}");
        var uf = TissDomains.IbgeUf.TryGetValue(TissText.Clean(dentist.CroUf), out var ibge)
            ? ibge
            : throw new ArgumentException($"UF do CRO da {where} não é uma UF (dm_UF).", nameof(dentist));
        var cbos = TissText.Clean(dentist.Cbos);
        if (!TissDomains.Cbos.Contains(cbos)) throw new ArgumentException($"CBO-S da {where} fora de dm_CBOS.", nameof(dentist));
        var name = TissText.Truncate(dentist.Name, 70);

        message.Start("dadosProfissionaisResponsaveis");
        message.Leaf("codigoProfExec", Identifier(dentist.CodigoProfExec, 14, $"codigoProfExec da {where}"));
        message.Leaf("croExec", cro);
        message.Leaf("ufExec", uf);
        message.Leaf("cnesExec", Identifier(dentist.Cnes, 7, $"cnesExec da {where}"));
        if (name.Length > 0) message.Leaf("nomeProfExec2", name);
        message.Leaf("croExec2", cro);
        message.Leaf("ufExec2", uf);
        message.Leaf("cbosExec2", cbos);
        message.End();
    }

    private static void WriteProcedure(MessageWriter message, TissPerformedProcedure procedure, string where)
    {
        if (procedure.Sequence is < 1 or > 9999) throw new ArgumentException($"sequencialItem do {where} deve ser de 1 a 9999.", nameof(procedure));
        if (procedure.Quantity is < 1 or > 99) throw new ArgumentException($"qtdProc do {where} deve ser de 1 a 99.", nameof(procedure));
        if (procedure.UnitPrice < 0) throw new ArgumentException($"valorProc do {where} não pode ser negativo.", nameof(procedure));
        var region = TissText.Clean(procedure.Region).ToUpperInvariant();
        var faces = TissText.Clean(procedure.Faces).ToUpperInvariant();
        if (procedure.Tooth is { } tooth && !TissDomains.Teeth.Contains(tooth))
            throw new ArgumentException($"Dente do {where} fora de dm_dente.", nameof(procedure));
        if (region.Length > 0 && !TissDomains.Regions.Contains(region))
            throw new ArgumentException($"Região do {where} fora de dm_regiao.", nameof(procedure));
        if (procedure.Tooth is not null && region.Length > 0)
            throw new ArgumentException($"O {where} informa dente e região: denteRegiao aceita um dos dois.", nameof(procedure));
        if (faces.Length > 0 && !TissDomains.IsFaces(faces))
            throw new ArgumentException($"Faces do {where} devem ser de 1 a 5 letras distintas entre {TissDomains.FaceLetters}.", nameof(procedure));

        message.Start("procedimentosExecutados");
        message.Leaf("sequencialItem", procedure.Sequence.ToString(CultureInfo.InvariantCulture));
        message.Start("procSolic");
        message.Leaf("codigoTabela", "22");
        message.Leaf("codigoProcedimento", Identifier(procedure.TussCode, 10, $"codigoProcedimento do {where}"));
        message.Leaf("descricaoProcedimento", FreeText(procedure.Description, 150, $"descricaoProcedimento do {where}"));
        message.End();
        if (procedure.Tooth is { } code)
        {
            message.Start("denteRegiao");
            message.Leaf("codDente", code.ToString(CultureInfo.InvariantCulture));
            message.End();
        }
        else if (region.Length > 0)
        {
            message.Start("denteRegiao");
            message.Leaf("codRegiao", region);
            message.End();
        }
        if (faces.Length > 0) message.Leaf("denteFace", faces);
        message.Leaf("qtdProc", procedure.Quantity.ToString(CultureInfo.InvariantCulture));
        message.Leaf("valorProc", Money(procedure.Value, 999_999.99m, $"valorProc do {where}"));
        message.Leaf("autorizado", procedure.Authorized ? "true" : "false");
        message.Leaf("dataRealizacao", Date(procedure.PerformedOn));
        message.End();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>st_decimal8-2 / st_decimal10-2: two decimals, invariant '.'.</summary>
    private static string Money(decimal value, decimal max, string field) =>
        value <= max
            ? decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"{field} excede o tamanho do campo.");

    /// <summary>An identifier: cleaned, 1..<paramref name="maxLength"/> characters, never truncated.</summary>
    private static string Identifier(string? value, int maxLength, string field)
    {
        var clean = TissText.Clean(value);
        return clean.Length is > 0 && clean.Length <= maxLength
            ? clean
            : throw new ArgumentException($"{field} deve ter de 1 a {maxLength} caracteres.");
    }

    private static string ExactDigits(string? value, int length, string field)
    {
        var digits = TissText.Digits(value);
        return digits.Length == length ? digits : throw new ArgumentException($"{field} deve ter {length} dígitos.");
    }

    /// <summary>Required free text: truncated to the field; refused only when nothing representable is left.</summary>
    private static string FreeText(string? value, int maxLength, string field)
    {
        var text = TissText.Truncate(value, maxLength);
        return text.Length > 0 ? text : throw new ArgumentException($"{field} ficaria vazio em ISO-8859-1.");
    }

    /// <summary>Streams the elements and keeps, in document order, the text the epilogo hash is computed over.</summary>
    private sealed class MessageWriter(XmlWriter xml)
    {
        private readonly StringBuilder contents = new();

        public void Root()
        {
            xml.WriteStartElement("ans", "mensagemTISS", Namespace);
            xml.WriteAttributeString("xmlns", "ans", null, Namespace);
            xml.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
            xml.WriteAttributeString("xsi", "schemaLocation", XsiNamespace, $"{Namespace} {Namespace}/tissV4_01_00.xsd");
        }

        public void Start(string name) => xml.WriteStartElement("ans", name, Namespace);

        public void End() => xml.WriteEndElement();

        public void Leaf(string name, string value)
        {
            contents.Append(value);
            xml.WriteElementString("ans", name, Namespace, value);
        }

        public string Hash() => Convert.ToHexStringLower(MD5.HashData(HashEncoding.GetBytes(contents.ToString())));

        public void Finish()
        {
            xml.WriteEndElement();
            xml.Flush();
            xml.Dispose();
        }
    }
}
