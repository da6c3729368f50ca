namespace FibreCafe.Tmf641.DependencyInjection;

/// <summary>Marks that <c>AddFibreCafeTmf641</c> ran, so that mapping without it fails at once with what to add.</summary>
internal sealed class Tmf641Registration;
