using DentistPortal.Domain.Common;

namespace DentistPortal.Domain.Beneficiaries;

public enum IdentifierKind
{
    Cpf,
    CardNumber,
}

/// <summary>What the clinic typed in "Carteirinha ou CPF", understood: a valid CPF or a valid card number.</summary>
public sealed record BeneficiaryIdentifier(IdentifierKind Kind, string Digits)
{
    public const string EmptyMessage = "Informe o CPF ou o número da carteirinha.";
    public const string CharactersMessage = "Use apenas números (pontos, traços e espaços são aceitos).";
    public const string CpfMessage = "CPF inválido: confira os dígitos digitados.";
    public const string CardMessage = "Número de carteirinha inválido: confira os 16 dígitos.";
    public const string LengthMessage = "Informe um CPF (11 dígitos) ou o número da carteirinha (16 dígitos).";

    /// <summary>Parses the input or says, in Portuguese, what is wrong with it.</summary>
    public static (BeneficiaryIdentifier? Identifier, string? Error) Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, EmptyMessage);
        if (input.Length > 40) return (null, LengthMessage);
        var digits = Common.Digits.StripFormatting(input);
        if (digits is null) return (null, CharactersMessage);
        return digits.Length switch
        {
            11 => Cpf.Normalize(digits) is { } cpf ? (new(IdentifierKind.Cpf, cpf), null) : (null, CpfMessage),
            CardNumber.Length => CardNumber.Normalize(digits) is { } card ? (new(IdentifierKind.CardNumber, card), null) : (null, CardMessage),
            _ => (null, LengthMessage),
        };
    }
}
