namespace FibreCafe.Operations.DependencyInjection;

/// <summary>Marks that <c>AddFibreCafeOperations</c> ran, so that mapping without it fails with a message that says so.</summary>
internal sealed class OperationsRegistration;
