package org.mingjian.sdk.validator;

import java.util.function.Consumer;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Writes tiny class files with ASM for the tests. */
public final class Classes implements Opcodes {
  private Classes() {}

  /** {@code public class name extends superName { public void run() { body } }} */
  public static byte[] withRun(String name, String superName, Consumer<MethodVisitor> body) {
    return write(name, superName, null, "run", "()V", body);
  }

  public static byte[] withRun(String name, Consumer<MethodVisitor> body) {
    return withRun(name, "java/lang/Object", body);
  }

  /** A Java model: implements Model, run(ModelContext) builds a URI (allowed) and returns. */
  public static byte[] javaModel(String name) {
    return write(
        name,
        "java/lang/Object",
        new String[] {"org/mingjian/sdk/model/Model"},
        "run",
        "(Lorg/mingjian/sdk/model/ModelContext;)V",
        mv -> {
          mv.visitLdcInsn("https://example.org/");
          mv.visitMethodInsn(
              INVOKESTATIC, "java/net/URI", "create", "(Ljava/lang/String;)Ljava/net/URI;", false);
          mv.visitInsn(POP);
          mv.visitTypeInsn(NEW, "java/lang/StringBuilder");
          mv.visitInsn(DUP);
          mv.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
          mv.visitInsn(POP);
        });
  }

  public static void call(MethodVisitor mv, int opcode, String owner, String name, String desc) {
    mv.visitMethodInsn(opcode, owner, name, desc, opcode == INVOKEINTERFACE);
  }

  /** {@code IntConsumer c = System::exit;} through invokedynamic. */
  public static void methodReferenceToExit(MethodVisitor mv) {
    Handle metafactory =
        new Handle(
            H_INVOKESTATIC,
            "java/lang/invoke/LambdaMetafactory",
            "metafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                + "Ljava/lang/invoke/CallSite;",
            false);
    mv.visitInvokeDynamicInsn(
        "accept",
        "()Ljava/util/function/IntConsumer;",
        metafactory,
        Type.getType("(I)V"),
        new Handle(H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false),
        Type.getType("(I)V"));
    mv.visitInsn(POP);
  }

  private static byte[] write(
      String name,
      String superName,
      String[] interfaces,
      String method,
      String desc,
      Consumer<MethodVisitor> body) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC | ACC_SUPER, name, null, superName, interfaces);
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, superName, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, method, desc, null, null);
    mv.visitCode();
    body.accept(mv);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
